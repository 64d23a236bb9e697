import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_READ } from '../../src/db/tenancy.js';
import { Lead } from '../../src/modules/customers/lead.entity.js';
import { Opportunity } from '../../src/modules/customers/opportunity.entity.js';
import { Role } from '../../src/modules/core/membership.entity.js';
import { addMember, createUser, issueToken, memberOf } from '../factories/core.js';
import { caller, stockedVariant, nodesOf } from '../factories/sales.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

const METRICS = `query ($range: DateRangeInput!, $granularity: Granularity!, $ownerId: ID) {
  salesMetrics(range: $range, granularity: $granularity, ownerId: $ownerId) {
    currency bookedRevenue { amount } invoicedRevenue { amount } collectedRevenue { amount } orderCount averageOrderValue { amount }
    newLeads leadConversionRate winRate openPipeline { amount } weightedPipeline { amount } averageSalesCycleDays
    topProducts { sku units revenue { amount } } topAccounts { name orders revenue { amount } }
    series { periodStart averageSalesCycleDays bookedRevenue { amount } orderCount averageOrderValue { amount } invoicedRevenue { amount } collectedRevenue { amount } newLeads convertedLeads wonDeals lostDeals winRate pipelineCreated { amount } }
  }
}`;

/**
 * A hand-built month: March 2026. Orders on 2 and 10 March (and one in April, outside the range),
 * an invoice and a payment, leads and closed deals, with times set directly so the fixture is exact.
 */
describe('salesMetrics', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<typeof memberOf>>;
  let api: ReturnType<typeof caller>;
  let rep: { id: string };
  const range = { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' };

  beforeAll(async () => {
    t = await startTestApp();
    member = await memberOf(t);
    api = caller(t, member.token);
    const repUser = await createUser(t);
    await addMember(t, repUser, member.organization, Role.MEMBER);
    rep = repUser;
    const acme = (await api.mutate('createAccount', { name: 'Acme', ownerId: rep.id }, 'account { id }')).account.id;
    const globex = (await api.mutate('createAccount', { name: 'Globex' }, 'account { id }')).account.id;
    const a = await stockedVariant(t, member, 100, { listPrice: 1_000, sku: 'MET-A' });
    const b = await stockedVariant(t, member, 100, { listPrice: 2_550, sku: 'MET-B' }, a.warehouseId);
    const order = async (accountId: string, orderedAt: string, lines: { variantId: string; quantity: number }[], confirm = true) => {
      const { order } = await api.mutate(
        'createOrder',
        { accountId, warehouseId: a.warehouseId, orderedAt, taxRateBps: 1_000, lines },
        'order { id total { amount } }',
      );
      if (confirm) await api.mutate('confirmOrder', { id: order.id }, 'order { id }');
      return order;
    };
    // 2 March: Acme, 3 × A = 3000 + 10% tax = 3300
    const o1 = await order(acme, '2026-03-02T10:00:00.000Z', [{ variantId: a.variant.id, quantity: 3 }]);
    // 10 March: Globex, 1 × B = 2550 + 255 tax = 2805
    await order(globex, '2026-03-10T23:59:59.000Z', [{ variantId: b.variant.id, quantity: 1 }]);
    // Outside: April, and a draft in March (not booked)
    await order(acme, '2026-04-01T00:00:00.000Z', [{ variantId: a.variant.id, quantity: 1 }]);
    await order(globex, '2026-03-15T00:00:00.000Z', [{ variantId: a.variant.id, quantity: 9 }], false);
    const { invoice } = await api.mutate('createInvoice', { orderId: o1.id, issue: true }, 'invoice { id }');
    await api.mutate(
      'recordPayment',
      { invoiceId: invoice.id, amount: { amount: 1_000, currency: 'USD' }, method: 'CASH', paidAt: '2026-03-20T12:00:00.000Z' },
      'payment { id }',
    );
    // Leads: three created in March, one of them converted.
    const leads = [];
    for (const name of ['L1', 'L2', 'L3'])
      leads.push((await api.mutate('createLead', { firstName: name, company: `${name} Co` }, 'lead { id }')).lead.id);
    await api.mutate('convertLead', { leadId: leads[0] }, 'lead { id }');
    // Deals: won after 10 days, lost, and one open (1000 at 25%) owned by the rep.
    const pipelines = nodesOf((await api.data('{ pipelines { edges { node { stages { id name } } } } }')).pipelines);
    const stage = (name: string) => pipelines[0].stages.find((s: { name: string }) => s.name === name).id;
    const deal = async (name: string, amount: number, stageName: string, ownerId?: string) =>
      (
        await api.mutate(
          'createOpportunity',
          { name, accountId: acme, amount: { amount, currency: 'USD' }, stageId: stage(stageName), ownerId },
          'opportunity { id }',
        )
      ).opportunity.id;
    const won = await deal('Won', 5_000, 'Closed Won');
    const lost = await deal('Lost', 7_000, 'Closed Lost');
    await deal('Open', 1_000, 'Qualification', rep.id);
    await deal('Open2', 333, 'Proposal');

    const em = t.systemEm();
    const at = (iso: string) => new Date(iso);
    await em.nativeUpdate(Lead, { organization: member.organization.id }, { createdAt: at('2026-03-05T00:00:00Z') }, SYSTEM_READ);
    await em.nativeUpdate(Opportunity, { id: won }, { createdAt: at('2026-03-01T00:00:00Z'), closedAt: at('2026-03-11T00:00:00Z') }, SYSTEM_READ);
    await em.nativeUpdate(Opportunity, { id: lost }, { createdAt: at('2026-02-01T00:00:00Z'), closedAt: at('2026-03-12T00:00:00Z') }, SYSTEM_READ);
    await em.nativeUpdate(
      Opportunity,
      { id: { $nin: [won, lost] }, organization: member.organization.id },
      { createdAt: at('2026-03-20T00:00:00Z') },
      SYSTEM_READ,
    );
  }, 60_000);
  afterAll(() => t.close());

  it('computes KPIs for a range to the cent against a hand-computed month', async () => {
    const { salesMetrics: m } = await api.data(METRICS, { range, granularity: 'MONTH' });
    expect(m.currency).toBe('USD');
    expect(m.bookedRevenue.amount).toBe(3_300 + 2_805);
    expect(m.orderCount).toBe(2);
    expect(m.averageOrderValue.amount).toBe(3_053); // 6105 / 2 = 3052.5 → 3053
    expect(m.invoicedRevenue.amount).toBe(0); // issued today, not in March
    expect(m.collectedRevenue.amount).toBe(1_000);
    expect(m.newLeads).toBe(3);
    expect(m.leadConversionRate).toBeCloseTo(1 / 3, 10);
    expect(m.winRate).toBe(0.5);
    expect(m.averageSalesCycleDays).toBe(10);
    expect(m.openPipeline.amount).toBe(1_333);
    expect(m.weightedPipeline.amount).toBe(250 + 167); // 1000 × 25% + 333 × 50% = 166.5 → 167
    expect(m.topProducts).toEqual([
      { sku: 'MET-A', units: 3, revenue: { amount: 3_300 } },
      { sku: 'MET-B', units: 1, revenue: { amount: 2_805 } },
    ]);
    expect(m.topAccounts).toEqual([
      { name: 'Acme', orders: 1, revenue: { amount: 3_300 } },
      { name: 'Globex', orders: 1, revenue: { amount: 2_805 } },
    ]);
    expect(m.series).toHaveLength(1);
    expect(m.series[0]).toMatchObject({ periodStart: range.from, orderCount: 2, newLeads: 3, convertedLeads: 1, wonDeals: 1, lostDeals: 1 });
    expect(m.series[0].pipelineCreated.amount).toBe(5_000 + 1_000 + 333);
  });

  it('splits the range into day and week periods, zeros included, adding up to the range', async () => {
    const { salesMetrics: daily } = await api.data(METRICS, { range, granularity: 'DAY' });
    expect(daily.series).toHaveLength(31);
    const day = (n: number) => daily.series[n - 1];
    expect(day(2)).toMatchObject({ orderCount: 1, bookedRevenue: { amount: 3_300 }, averageOrderValue: { amount: 3_300 } });
    expect(day(10)).toMatchObject({ orderCount: 1, bookedRevenue: { amount: 2_805 } });
    expect(day(3)).toMatchObject({ orderCount: 0, bookedRevenue: { amount: 0 }, winRate: null });
    expect(day(20).collectedRevenue.amount).toBe(1_000);
    // 11 March: the won deal (10 days); 12 March: only the lost one, so no cycle rather than 0/0.
    expect(day(11)).toMatchObject({ wonDeals: 1, averageSalesCycleDays: 10 });
    expect(day(12)).toMatchObject({ wonDeals: 0, lostDeals: 1, winRate: 0, averageSalesCycleDays: null });
    const { salesMetrics: weekly } = await api.data(METRICS, { range, granularity: 'WEEK' });
    expect(weekly.series[0].periodStart).toBe('2026-02-23T00:00:00.000Z'); // the Monday of the week holding 1 March
    expect(weekly.series.reduce((s: number, p: { bookedRevenue: { amount: number } }) => s + p.bookedRevenue.amount, 0)).toBe(6_105);
  });

  it('reads the top lists only when they are asked for, in a few statements whatever the range', async () => {
    const topSql = (statements: string[]) => statements.filter((s) => /group by variant_id|group by account_id/.test(s)).length;
    const without = await t.counter.measure(() =>
      api.data('query ($range: DateRangeInput!) { salesMetrics(range: $range) { orderCount } }', { range }),
    );
    const withTops = await t.counter.measure(() =>
      api.data('query ($range: DateRangeInput!) { salesMetrics(range: $range) { orderCount topProducts { sku } topAccounts { name } } }', { range }),
    );
    expect(topSql(without.statements)).toBe(0);
    expect(topSql(withTops.statements)).toBe(2);
    expect(withTops.count).toBe(without.count + 2);
    // The series in one statement, after the stale days and beside the open pipeline; a year by day costs the same.
    const metricStatements = (statements: string[]) => statements.filter((s) => /analytics_stale_days|from opportunities/.test(s)).length;
    expect(metricStatements(without.statements)).toBe(3);
    const year = { from: '2025-04-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' };
    const yearByDay = await t.counter.measure(() =>
      api.data('query ($range: DateRangeInput!) { salesMetrics(range: $range, granularity: DAY) { orderCount } }', { range: year }),
    );
    expect(yearByDay.count).toBe(without.count);
    // The organization's main currency is remembered a while (per organization): not read again.
    const twice = await t.counter.measure(() =>
      api.data('query ($range: DateRangeInput!) { a: salesMetrics(range: $range) { orderCount } b: salesMetrics(range: $range) { orderCount } }', {
        range,
      }),
    );
    expect(twice.statements.filter((s) => /select currency from orders/.test(s))).toHaveLength(0);
  });

  it("narrows to one owner's accounts, leads and deals", async () => {
    const { salesMetrics: m } = await api.data(METRICS, { range, granularity: 'MONTH', ownerId: rep.id });
    expect(m.bookedRevenue.amount).toBe(3_300);
    expect(m.openPipeline.amount).toBe(1_000);
    expect(m.newLeads).toBe(0);
  });

  it('never counts another organization, refuses bad ranges, and needs analytics.insights', async () => {
    const other = await memberOf(t);
    const { salesMetrics: m } = await caller(t, other.token).data(METRICS, { range, granularity: 'MONTH' });
    expect(m).toMatchObject({ orderCount: 0, bookedRevenue: { amount: 0 }, newLeads: 0, openPipeline: { amount: 0 }, topProducts: [] });
    const bad = await api.gql(METRICS, { range: { from: range.to, to: range.from }, granularity: 'DAY' });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'range' });
    const free = await memberOf(t, { plan: 'free' });
    const denied = await t.gql(METRICS, { token: free.token, variables: { range, granularity: 'DAY' } });
    expect(denied.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', feature: 'analytics.insights' });
    const viewer = await createUser(t);
    await addMember(t, viewer, member.organization, Role.VIEWER);
    const asViewer = await t.gql(METRICS, { token: await issueToken(t, viewer), variables: { range, granularity: 'MONTH' } });
    expect(asViewer.data.salesMetrics.orderCount).toBe(2);
  });
});
