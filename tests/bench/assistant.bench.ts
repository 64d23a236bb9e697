/**
 * Every question sends its context through compact → fence → redact, and every tool result too.
 * Targets: preparing a demo-sized context (~15,000 characters, ~60 records) takes under 5 ms, and
 * the redactor stays linear on adversarial text (24,000 characters of secret-like fragments, the
 * largest a tool result is allowed) at under 50 ms.
 */
import { expect, test } from 'vitest';
import { compact, fence, redactSecrets } from '../../src/modules/assistant/prompt.js';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const context = {
  parts: [
    {
      name: 'salesMetrics',
      data: {
        current: {
          bookedRevenue: usd(19_477_828),
          orderCount: 281,
          topProducts: Array.from({ length: 10 }, (_, i) => ({
            variantId: crypto.randomUUID(),
            sku: `SKU-${i}`,
            units: 60 + i,
            revenue: usd(1_157_528 + i),
          })),
          topAccounts: Array.from({ length: 10 }, (_, i) => ({
            accountId: crypto.randomUUID(),
            name: `Account ${i} Ltd.`,
            orders: i,
            revenue: usd(2_070_122 - i),
          })),
          series: Array.from({ length: 5 }, (_, i) => ({
            periodStart: new Date(Date.UTC(2026, 10, i * 7)).toISOString(),
            bookedRevenue: usd(3_366_272 + i),
            orderCount: 56,
          })),
        },
      },
    },
    {
      name: 'nextBestActions',
      data: Array.from({ length: 10 }, (_, i) => ({
        kind: 'CHASE_OVERDUE_INVOICE',
        title: `Chase invoice INV-2026-00${1270 + i} from Oakmont Tooling`,
        reason: `1943.51 USD is unpaid, ${141 + i} days past the due date 2026-07-06.`,
        score: 96.2 - i,
        subjectId: crypto.randomUUID(),
        amount: usd(194_351),
      })),
    },
    {
      name: 'demandForecasts',
      data: Array.from({ length: 5 }, (_, i) => ({
        sku: `SKU-${i}`,
        method: 'HOLT_WINTERS',
        mase: 0.8123456 + i,
        totalExpected: 48.123456,
        reason: 'Holt-Winters with a damped trend and weekly seasonality was best in backtests (MASE 0.81 vs 1.13 for seasonal naive).',
        reorder: { reorderNow: i % 2 === 0, quantity: 40, reason: '73 available is 42.7 days of cover; order 40.', cost: usd(48_000) },
      })),
    },
  ],
};

test('preparing what is sent to the model', async ({ bench }) => {
  const adversarial = `${'-----BEGIN A PRIVATE KEY----- sk-short $argon2 Bearer eyJ.'.repeat(400)}`.slice(0, 24_000);
  const results = await bench.compare(
    bench('compact + fence + redact a demo-sized context', () => {
      redactSecrets(fence('analytics', compact(context), 'abcdef012345'), ['sk-test-0123456789abcdef']);
    }),
    bench('redact 24,000 characters of secret-like fragments', () => {
      redactSecrets(adversarial);
    }),
    { time: 2000, warmupTime: 500 },
  );
  const prepare = results.get('compact + fence + redact a demo-sized context');
  const worst = results.get('redact 24,000 characters of secret-like fragments');
  console.info(`context preparation: ${prepare.latency.mean.toFixed(3)} ms/op; adversarial redaction: ${worst.latency.mean.toFixed(3)} ms/op`);
  expect(prepare.latency.mean).toBeLessThan(5);
  expect(worst.latency.mean).toBeLessThan(50);
});
