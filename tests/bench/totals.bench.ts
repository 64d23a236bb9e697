/**
 * Order arithmetic runs on every order create/update and invoice: exact BigInt rounding and the
 * largest-remainder allocation must stay cheap at the 100-line cap. Target: pricing a 100-line
 * order with an order-level discount takes under 1 ms.
 */
import { expect, test } from 'vitest';
import { amountsBetween, priceOrder } from '../../src/modules/sales/totals.js';

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
    bench('invoice split of 100 lines (amountsBetween)', () => {
      for (const line of lines) amountsBetween(line, 50, 0, line.quantity);
    }),
    { time: 2000, warmupTime: 500 },
  );
  const price = results.get('priceOrder, 100 lines, order discount spread');
  console.info(`priceOrder on 100 lines: ${(price.latency.mean * 1000).toFixed(1)} µs/op`);
  expect(price.latency.mean).toBeLessThan(1);
});
