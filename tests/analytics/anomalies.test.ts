import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daysAgo, insertSales, seeded } from '../factories/analytics.js';
import { memberOf } from '../factories/core.js';
import { caller, nodesOf, stockedVariant } from '../factories/sales.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

const ANOMALY = 'metric periodStart variantId observed expected lower upper score spike severity explanation';
const ANOMALIES = `query ($range: DateRangeInput!, $metrics: [AnomalyMetric!], $first: Int = 100, $after: String, $granularity: Granularity = DAY) {
  anomalies(range: $range, metrics: $metrics, first: $first, after: $after, granularity: $granularity) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${ANOMALY} } }
  }
}`;

describe('anomalies', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<typeof memberOf>>;
  let api: ReturnType<typeof caller>;
  let variantId: string;
  const spikeDay = daysAgo(10, 0);
  const dipDay = daysAgo(17, 0);

  beforeAll(async () => {
    t = await startTestApp();
    member = await memberOf(t);
    api = caller(t, member.token);
    const accountId = (await api.mutate('createAccount', { name: 'Buyer' }, 'account { id }')).account.id;
    const { variant } = await stockedVariant(t, member, 0, { listPrice: 1_000 });
    variantId = variant.id;
    const random = seeded(3);
    const weekly = [3, 20, 22, 21, 23, 24, 6];
    const sales = Array.from({ length: 120 }, (_, i) => {
      const at = daysAgo(119 - i);
      let quantity = Math.round(weekly[at.getUTCDay()] * (0.9 + 0.2 * random()));
      if (at.getTime() === daysAgo(10).getTime()) quantity *= 8;
      if (at.getTime() === daysAgo(17).getTime()) quantity = 0;
      return { at, quantity, unitPrice: 1_000 };
    });
    await insertSales(t, member.organization.id, accountId, variant, sales);
  }, 60_000);
  afterAll(() => t.close());

  const range = { from: daysAgo(28, 0).toISOString(), to: daysAgo(-1, 0).toISOString() };

  it('finds an injected spike and dip in revenue against the weekday baseline, with an explanation', async () => {
    const anomalies = nodesOf((await api.data(ANOMALIES, { range, metrics: ['REVENUE'] })).anomalies);
    const spike = anomalies.find((a: { periodStart: string }) => a.periodStart === spikeDay.toISOString());
    expect(spike).toMatchObject({ metric: 'REVENUE', spike: true, severity: 'HIGH', variantId: null });
    expect(spike.observed).toBeGreaterThan(spike.upper);
    expect(spike.explanation).toMatch(/Revenue on .* was .* above the .* expected from the usual/);
    const dip = anomalies.find((a: { periodStart: string }) => a.periodStart === dipDay.toISOString());
    expect(dip).toMatchObject({ spike: false, observed: 0 });
    expect(anomalies.length).toBeLessThanOrEqual(4);
  });

  it('scores per-variant demand and order counts, and only inside the range', async () => {
    const anomalies = nodesOf((await api.data(ANOMALIES, { range, metrics: ['VARIANT_DEMAND', 'ORDER_COUNT'] })).anomalies);
    expect(anomalies.find((a: { metric: string; variantId: string }) => a.metric === 'VARIANT_DEMAND' && a.variantId === variantId)).toBeDefined();
    for (const a of anomalies) expect(Date.parse(a.periodStart)).toBeGreaterThanOrEqual(Date.parse(range.from));
    const before = await api.data(ANOMALIES, {
      range: { from: daysAgo(60, 0).toISOString(), to: daysAgo(30, 0).toISOString() },
      metrics: ['REVENUE'],
    });
    // Nothing was injected there: at most a LOW one from the noise (which days that hits depends on today's weekday).
    expect(nodesOf(before.anomalies).filter((a: { severity: string }) => a.severity !== 'LOW')).toEqual([]);
  });

  it('sees nothing of another organization, and needs analytics.insights', async () => {
    const other = await memberOf(t);
    expect((await caller(t, other.token).data(ANOMALIES, { range })).anomalies).toMatchObject({ totalCount: 0, edges: [] });
    const free = await memberOf(t, { plan: 'free' });
    const denied = await t.gql(ANOMALIES, { token: free.token, variables: { range } });
    expect(denied.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', feature: 'analytics.insights' });
  });

  it('pages through the anomalies strongest first with cursors, each once, the total on every page', async () => {
    const all = (await api.data(ANOMALIES, { range })).anomalies;
    expect(all.totalCount).toBeGreaterThan(2);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < all.totalCount; page++) {
      const { anomalies } = await api.data<{ anomalies: any }>(ANOMALIES, { range, first: 2, after });
      expect(anomalies.totalCount).toBe(all.totalCount);
      expect(anomalies.edges.length).toBeLessThanOrEqual(2);
      seen.push(...anomalies.edges.map((e: { cursor: string }) => e.cursor));
      if (!anomalies.pageInfo.hasNextPage) break;
      after = anomalies.pageInfo.endCursor as string;
    }
    expect(seen).toEqual(all.edges.map((e: { cursor: string }) => e.cursor));
    const scores = nodesOf<{ score: number }>(all).map((a) => Math.abs(a.score));
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('refuses a made-up cursor and a granularity anomalies do not support, as BAD_USER_INPUT naming the argument', async () => {
    const cursor = await api.gql(ANOMALIES, { range, after: 'bm90IGEgY3Vyc29y' });
    expect(cursor.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const monthly = await api.gql(ANOMALIES, { range, granularity: 'MONTH' });
    expect(monthly.errors?.[0].message).toBe('anomalies does not support granularity MONTH: use DAY or WEEK');
    expect(monthly.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'granularity' });
    const weekly = await api.data(ANOMALIES, { range, granularity: 'WEEK' });
    expect(weekly.anomalies.totalCount).toBeGreaterThanOrEqual(0);
  });
});
