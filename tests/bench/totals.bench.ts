/**
 * Order arithmetic runs on every order create/update and invoice: exact BigInt rounding and the
 * largest-remainder allocation must stay cheap at the 100-line cap. Target: pricing a 100-line
 * order with an order-level discount takes under 1 ms.
 */
import { expect, test } from 'vitest';
import { billNow, priceOrder, prorated } from '../../src/shared/totals.js';

const lines = Array.from({ length: 100 }, (_, i) => ({
  quantity: 1 + (i % 7),
  unitPrice: 199 + i * 37,
  discountBps: (i % 4) * 500,
  taxRateBps: i % 2 ? 2_000 : 700,
}));

test('pricing a 100-line order', async ({ bench }) => {
  const results = await bench.compare(
    bench('priceOrder, 100 lines, order discount spread', () => {
      priceOrder(lines, 12_345);
    }),
    bench('invoice split of 100 lines (billNow, half then the rest)', () => {
      for (const line of lines) {
        const stored = { quantity: line.quantity, unitPrice: line.unitPrice, discount: 50, tax: 100 };
        const half = Math.floor(line.quantity / 2);
        billNow(stored, line.quantity, prorated(stored, half));
      }
    }),
    { time: 2000, warmupTime: 500 },
  );
  const price = results.get('priceOrder, 100 lines, order discount spread');
  console.info(`priceOrder on 100 lines: ${(price.latency.mean * 1000).toFixed(1)} µs/op`);
  expect(price.latency.mean).toBeLessThan(1);
});
