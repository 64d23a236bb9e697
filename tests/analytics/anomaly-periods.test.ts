import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { severityOf } from '../../src/modules/analytics/numeric/anomaly.js';
import { insertSales, seeded } from '../factories/analytics.js';
import { memberOf, unique } from '../factories/core.js';
import { caller, nodesOf, stockedVariant } from '../factories/sales.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

const ANOMALIES = `query ($range: DateRangeInput!, $metrics: [AnomalyMetric!], $granularity: Granularity = DAY) {
  anomalies(range: $range, metrics: $metrics, granularity: $granularity, first: 100) {
    totalCount edges { node { metric periodStart observed expected score spike severity explanation } }
  }
}`;
type Found = { metric: string; periodStart: string; observed: number; score: number; spike: boolean; severity: string; explanation: string };

const DAY = 86_400_000;
const day = (iso: string, hour = 12) => new Date(Date.parse(`${iso}T00:00:00Z`) + hour * 3_600_000);
/** Every day from `from` (inclusive) to `to` (exclusive), at noon UTC. */
const days = (from: string, to: string) =>
  Array.from({ length: (Date.parse(to) - Date.parse(from)) / DAY }, (_, i) => new Date(Date.parse(`${from}T12:00:00Z`) + i * DAY));

describe('anomaly periods and severity', () => {
  let t: TestApp;
  let api: ReturnType<typeof caller>;
  let member: Awaited<ReturnType<typeof memberOf>>;
  let accountId: string;

  beforeAll(async () => {
    t = await startTestApp();
    member = await memberOf(t);
    api = caller(t, member.token);
    accountId = (await api.mutate('createAccount', { name: unique('Buyer') }, 'account { id }')).account.id;
  }, 60_000);
  afterAll(() => t.close());

  /** Every anomaly found (one page of up to 100, checked to be all of them), most severe first. */
  async function findAnomalies(variables: Record<string, unknown>): Promise<Found[]> {
    const { anomalies } = await api.data<{ anomalies: { totalCount: number; edges: { node: Found }[] } }>(ANOMALIES, variables);
    expect(anomalies.edges.length).toBe(anomalies.totalCount);
    return nodesOf(anomalies);
  }

  describe('weekly buckets', () => {
    // 2026-04-01 is a Wednesday: weeks starting on the range's weekday would split the spike week in two.
    const range = { from: '2026-04-01T00:00:00.000Z', to: '2026-04-30T00:00:00.000Z' };
    beforeAll(async () => {
      const { variant } = await stockedVariant(t, member, 0, { listPrice: 1_000 });
      const random = seeded(11);
      const sales = days('2025-12-01', '2026-04-30').map((at) => {
        const spikeWeek = at >= day('2026-04-06', 0) && at < day('2026-04-13', 0);
        return { at, quantity: Math.round((spikeWeek ? 60 : 10) * (0.9 + 0.2 * random())), unitPrice: 1_000 };
      });
      await insertSales(t, member.organization.id, accountId, variant, sales, 'W');
    }, 60_000);

    it('starts weekly anomaly buckets on Monday 00:00 UTC, whatever weekday the range starts on', async () => {
      const anomalies = await findAnomalies({ range, metrics: ['REVENUE'], granularity: 'WEEK' });
      expect(anomalies.length).toBeGreaterThan(0);
      for (const a of anomalies) expect(new Date(a.periodStart).getUTCDay(), a.periodStart).toBe(1);
      const spike = anomalies.find((a) => a.periodStart === '2026-04-06T00:00:00.000Z');
      expect(spike).toMatchObject({ spike: true, severity: 'HIGH' });
      // The whole Monday–Sunday week, not a Wednesday-to-Tuesday slice of it.
      expect(spike!.observed).toBeGreaterThan(7 * 60 * 1_000 * 0.9);
      expect(spike!.explanation).toContain('in the week from Monday 2026-04-06');
    });

    it('leaves out a last week that is not over by the end of the range instead of calling it a dip', async () => {
      // The range ends on Thursday 2026-04-30: the week from Monday 04-27 has three days of sales.
      const anomalies = await findAnomalies({ range, metrics: ['REVENUE', 'ORDER_COUNT'], granularity: 'WEEK' });
      expect(anomalies.filter((a) => a.periodStart >= '2026-04-27')).toEqual([]);
      expect(anomalies.filter((a) => !a.spike)).toEqual([]);
      // A range holding no whole week has nothing to judge.
      const short = await findAnomalies({
        range: { from: '2026-04-08T00:00:00.000Z', to: '2026-04-10T00:00:00.000Z' },
        granularity: 'WEEK',
      });
      expect(short).toEqual([]);
    });

    it('labels salesMetrics weeks by the same Monday', async () => {
      const { salesMetrics } = await api.data(
        `query ($range: DateRangeInput!) { salesMetrics(range: $range, granularity: WEEK) { series { periodStart orderCount } } }`,
        { range },
      );
      expect(salesMetrics.series.map((s: { periodStart: string }) => s.periodStart.slice(0, 10))).toEqual([
        '2026-03-30',
        '2026-04-06',
        '2026-04-13',
        '2026-04-20',
        '2026-04-27',
      ]);
      expect(salesMetrics.series[1].orderCount).toBe(7);
    });
  });

  describe('voids', () => {
    const range = { from: '2025-10-01T00:00:00.000Z', to: '2025-10-29T00:00:00.000Z' };
    /** Cancelled orders (voids) per day, written directly like insertSales. */
    async function insertCancellations(perDay: { at: Date; count: number }[]) {
      const rows = perDay.flatMap(({ at, count }, d) => Array.from({ length: count }, (_, k) => ({ at: at.toISOString(), n: `V-${d}-${k}` })));
      await t.systemEm().execute(
        `insert into orders (id, created_at, updated_at, organization_id, number, account_id, currency, status, subtotal_amount, total_amount, ordered_at, cancelled_at)
         select gen_random_uuid(), x.at, x.at, ?, x.n, ?, 'USD', 'cancelled', 100, 100, x.at, x.at from json_to_recordset(?::json) as x(at timestamptz, n text)`,
        [member.organization.id, accountId, JSON.stringify(rows)],
      );
    }
    beforeAll(async () => {
      const random = seeded(5);
      await insertCancellations(
        days('2025-07-01', '2025-10-29').map((at) => {
          const iso = at.toISOString().slice(0, 10);
          const count = iso === '2025-10-14' ? 0 : iso === '2025-10-21' ? 30 : 6 + Math.round(2 * random() - 1);
          return { at, count };
        }),
      );
    }, 60_000);

    it('reports voids dropping to zero as LOW, for information, and a jump in voids as a problem', async () => {
      const anomalies = await findAnomalies({ range, metrics: ['VOIDS'] });
      const drop = anomalies.find((a) => a.periodStart === '2025-10-14T00:00:00.000Z');
      expect(drop).toMatchObject({ spike: false, observed: 0, severity: 'LOW' });
      // Strong as a signal (it would be HIGH both ways), but good news.
      expect(Math.abs(drop!.score)).toBeGreaterThanOrEqual(6);
      expect(drop!.explanation).toContain('Lower is better here, so this is for information.');
      const jump = anomalies.find((a) => a.periodStart === '2025-10-21T00:00:00.000Z');
      expect(jump).toMatchObject({ spike: true, severity: 'HIGH' });
      expect(jump!.explanation).not.toContain('for information');
      // Most severe first: the jump comes before the drop.
      expect(anomalies.indexOf(jump!)).toBeLessThan(anomalies.indexOf(drop!));
    });
  });

  it('grades severity by direction: lower-is-better metrics only worry on a rise', () => {
    expect(severityOf(-12, 'rise')).toBe('low');
    expect(severityOf(-4, 'rise')).toBe('low');
    expect(severityOf(5, 'rise')).toBe('medium');
    expect(severityOf(6.5, 'rise')).toBe('high');
    expect(severityOf(-5, 'both')).toBe('medium');
    expect(severityOf(-6, 'both')).toBe('high');
    expect(severityOf(3.6, 'both')).toBe('low');
  });
});
