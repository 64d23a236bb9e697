import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_READ } from '../../src/db/tenancy.js';
import { ProductVariant } from '../../src/modules/catalog/product-variant.entity.js';
import { daysAgo, insertSales, seeded } from '../factories/analytics.js';
import { createVariant } from '../factories/catalog.js';
import { memberOf, unique } from '../factories/core.js';
import { caller, stockedVariant, nodesOf } from '../factories/sales.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

const FORECAST = `query ($variantId: ID, $productId: ID, $horizonDays: Int!, $granularity: Granularity!) {
  demandForecast(variantId: $variantId, productId: $productId, horizonDays: $horizonDays, granularity: $granularity) {
    variantId productId method mase baselineMase intermittent level reason totalExpected scores { method mase }
    history { periodStart units } points { periodStart expected lower upper }
    reorder { reorderNow quantity available leadTimeDays demandDuringLeadTime daysOfCover reason cost { amount } }
  }
}`;

const WEEKLY = [2, 12, 14, 13, 15, 16, 4]; // Sunday … Saturday

describe('demand, price and revenue forecasts', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<typeof memberOf>>;
  let api: ReturnType<typeof caller>;
  let seasonal: { id: string; sku: string; product: string };
  let elastic: { id: string; sku: string };
  let unsold: { id: string; sku: string };
  let accountId: string;

  beforeAll(async () => {
    t = await startTestApp();
    member = await memberOf(t);
    api = caller(t, member.token);
    accountId = (await api.mutate('createAccount', { name: 'Buyer' }, 'account { id }')).account.id;
    const random = seeded(7);
    // A weekly pattern with noise over 364 days; 5 in stock, reorder point 10, reorder quantity 50.
    const s = await stockedVariant(t, member, 5, { listPrice: 1_000, unitCost: 400 });
    await api.mutate('updateProductVariant', { id: s.variant.id, reorderPoint: 10, reorderQuantity: 50 }, 'productVariant { id }');
    seasonal = {
      id: s.variant.id,
      sku: s.variant.sku,
      product: (await t.systemEm().findOneOrFail(ProductVariant, { id: s.variant.id }, SYSTEM_READ)).product.id,
    };
    const days = Array.from({ length: 364 }, (_, i) => daysAgo(364 - i));
    await insertSales(
      t,
      member.organization.id,
      accountId,
      seasonal,
      days.map((at) => ({ at, quantity: Math.max(0, Math.round(WEEKLY[at.getUTCDay()] * (0.85 + 0.3 * random()))), unitPrice: 1_000 })),
    );
    // Weekly sales at prices that change every four weeks, generated with elasticity −2.
    const e = await stockedVariant(t, member, 0, { listPrice: 1_000, unitCost: 400 }, s.warehouseId);
    elastic = { id: e.variant.id, sku: e.variant.sku };
    const prices = [900, 1_000, 1_100, 1_200, 1_000, 800];
    await insertSales(
      t,
      member.organization.id,
      accountId,
      elastic,
      Array.from({ length: 52 }, (_, w) => {
        const price = prices[Math.floor(w / 4) % prices.length];
        const units = Math.round(200 * (price / 1_000) ** -2 * Math.exp(0.1 * (random() - 0.5)));
        // 363 days back at noon is inside the 52-week window whatever the time of day (364 is not after noon UTC).
        return { at: daysAgo(363 - w * 7), quantity: units, unitPrice: price };
      }),
    );
    unsold = (await stockedVariant(t, member, 0, { listPrice: 500, unitCost: 450 }, s.warehouseId)).variant;
  }, 120_000);
  afterAll(() => t.close());

  it('forecasts a weekly-seasonal variant by day with intervals, a backtested method, and a reorder suggestion', async () => {
    const { demandForecast: f } = await api.data(FORECAST, { variantId: seasonal.id, horizonDays: 14, granularity: 'DAY' });
    expect(f.history).toHaveLength(364);
    expect(f.history.reduce((sum: number, p: { units: number }) => sum + p.units, 0)).toBeGreaterThan(3_000);
    expect(f.points).toHaveLength(14);
    for (const p of f.points) expect(p.lower <= p.expected && p.expected <= p.upper && p.lower >= 0).toBe(true);
    expect(f.intermittent).toBe(false);
    expect(f.scores.map((s: { method: string }) => s.method)).toEqual(expect.arrayContaining(['SEASONAL_NAIVE', 'HOLT_WINTERS']));
    expect(f.mase).toBeLessThanOrEqual(f.baselineMase);
    // The weekly shape survives: the forecast for a Saturday is well above a Sunday's.
    const byDay = (d: number) => f.points.find((p: { periodStart: string }) => new Date(p.periodStart).getUTCDay() === d).expected;
    expect(byDay(5)).toBeGreaterThan(byDay(0) * 2);
    expect(f.reorder).toMatchObject({ reorderNow: true, available: 5, leadTimeDays: 14 });
    expect(f.reorder.quantity).toBeGreaterThanOrEqual(50);
    expect(f.reorder.reason).toMatch(/assumed/);
    expect(f.reorder.cost.amount).toBe(f.reorder.quantity * 400);
    console.info(
      `demand forecast on a weekly-seasonal variant: ${f.method} MASE ${f.mase?.toFixed(3)} vs seasonal naive ${f.baselineMase?.toFixed(3)}`,
    );
  });

  it('forecasts a product over its variants, by week, and pages variants', async () => {
    const { demandForecast: f } = await api.data(FORECAST, { productId: seasonal.product, horizonDays: 28, granularity: 'WEEK' });
    expect(f).toMatchObject({ productId: seasonal.product, variantId: null, reorder: null });
    expect(f.points).toHaveLength(4);
    expect(f.history).toHaveLength(52);
    // ISO weeks, as every weekly series: history up to this week's Monday, forecast from it.
    const now = new Date();
    const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - ((now.getUTCDay() + 6) % 7)));
    for (const p of [...f.history, ...f.points]) expect(new Date(p.periodStart).getUTCDay(), p.periodStart).toBe(1);
    expect(f.points[0].periodStart).toBe(monday.toISOString());
    expect(Date.parse(f.history.at(-1).periodStart)).toBe(monday.getTime() - 7 * 86_400_000);
    const page = await api.data(
      `{ demandForecasts(first: 2, horizonDays: 7) { totalCount edges { node { variantId method points { expected } reorder { reorderNow } } } } }`,
    );
    expect(page.demandForecasts.totalCount).toBe(3);
    expect(page.demandForecasts.edges).toHaveLength(2);
    const none = page.demandForecasts.edges.find((e: { node: { variantId: string } }) => e.node.variantId === unsold.id);
    if (none) expect(none.node.points.every((p: { expected: number }) => p.expected === 0)).toBe(true);
  });

  it('refuses unknown or foreign variants and bad arguments', async () => {
    const other = await memberOf(t);
    const foreign = await caller(t, other.token).gql(FORECAST, { variantId: seasonal.id, horizonDays: 7, granularity: 'DAY' });
    expect(foreign.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const both = await api.gql(FORECAST, { variantId: seasonal.id, productId: seasonal.product, horizonDays: 7, granularity: 'DAY' });
    expect(both.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const long = await api.gql(FORECAST, { variantId: seasonal.id, horizonDays: 1_000, granularity: 'DAY' });
    expect(long.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'horizonDays' });
    // One Granularity enum for the API: MONTH is valid but not for demand forecasts, and the error says so.
    const monthly = await api.gql(FORECAST, { variantId: seasonal.id, horizonDays: 7, granularity: 'MONTH' });
    expect(monthly.errors?.[0].message).toBe('demandForecast does not support granularity MONTH: use DAY or WEEK');
    expect(monthly.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'granularity' });
    const monthlyPage = await api.gql('{ demandForecasts(first: 2, granularity: MONTH) { totalCount } }');
    expect(monthlyPage.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'granularity' });
    // An upper-case ID names the same variant (the forecast is not silently empty).
    const upper = await api.data(FORECAST, { variantId: seasonal.id.toUpperCase(), horizonDays: 7, granularity: 'DAY' });
    expect(upper.demandForecast.variantId).toBe(seasonal.id);
    // A deleted variant is gone here as in demandForecasts.
    const gone = await createVariant(t, member.organization, { sku: unique('GONE') });
    await api.data('mutation ($id: ID!) { deleteProductVariant(input: { id: $id }) { errors { code } } }', { id: gone.id });
    expect((await api.gql(FORECAST, { variantId: gone.id, horizonDays: 7, granularity: 'DAY' })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('recommends a price from a recovered elasticity, and says when there is not enough data', async () => {
    const { priceRecommendations: page } = await api.data(`{
      priceRecommendations(first: 10) { edges { node { variantId sku enoughData elasticity elasticityStandardError confidence observations distinctPrices
        currentPrice { amount } recommendedPrice { amount } marginFloorPrice { amount } expectedUnitsChangePct expectedRevenueChangePct expectedMarginChangePct reason } } }
    }`);
    const rec = (id: string) => page.edges.find((e: { node: { variantId: string } }) => e.node.variantId === id).node;
    const e = rec(elastic.id);
    expect(e.enoughData).toBe(true);
    expect(Math.abs(e.elasticity - -2)).toBeLessThan(0.3);
    expect(e.observations).toBe(52);
    expect(e.distinctPrices).toBe(5);
    // Elastic demand (|e| > 1) with a margin to protect: the margin-maximising price stays within ±15%.
    expect(e.recommendedPrice.amount).toBeGreaterThanOrEqual(850);
    expect(e.recommendedPrice.amount).toBeLessThanOrEqual(1_150);
    expect(e.marginFloorPrice.amount).toBe(471); // 400 / 0.85 = 470.6 → 471
    expect(e.reason).toMatch(/Elasticity -[12]\.\d\d ± 0\.\d\d from 52 weeks at 5 prices/);
    console.info(
      `elasticity recovered: ${e.elasticity.toFixed(3)} ± ${e.elasticityStandardError.toFixed(3)} (true −2), recommended ${e.recommendedPrice.amount} from ${e.currentPrice.amount}`,
    );
    const u = rec(unsold.id);
    expect(u).toMatchObject({ enoughData: false, recommendedPrice: null, elasticity: null, observations: 0, marginFloorPrice: { amount: 530 } });
    expect(u.reason).toMatch(/^Not enough data: /);
    const s = rec(seasonal.id);
    expect(s.enoughData).toBe(false); // one price all year: nothing to learn elasticity from
    // One price in USD and another in EUR is still one price per currency: no elasticity from the spread.
    const both = await stockedVariant(t, member, 0, { listPrice: 1_000, unitCost: 400 });
    const weeks = Array.from({ length: 52 }, (_, i) => i);
    await insertSales(
      t,
      member.organization.id,
      accountId,
      both.variant,
      weeks.map((w) => ({ at: daysAgo(w * 7 + 1), quantity: 5 + (w % 3), unitPrice: 1_000 })),
      'USD2',
    );
    await insertSales(
      t,
      member.organization.id,
      accountId,
      both.variant,
      weeks.map((w) => ({ at: daysAgo(w * 7 + 2), quantity: 9 + (w % 2), unitPrice: 700 })),
      'EUR2',
      'EUR',
    );
    const mixed = await api.data(
      'query ($id: ID!) { priceRecommendations(filter: { id: { eq: $id } }) { edges { node { enoughData distinctPrices elasticity } } } }',
      {
        id: both.variant.id,
      },
    );
    expect(mixed.priceRecommendations.edges[0].node).toMatchObject({ enoughData: false, distinctPrices: 1, elasticity: null });
  });

  it('forecasts revenue from run-rate and weighted pipeline (enterprise only)', async () => {
    const pipelines = nodesOf((await api.data('{ pipelines { edges { node { stages { id name } } } } }')).pipelines);
    const proposal = pipelines[0].stages.find((x: { name: string }) => x.name === 'Proposal').id;
    const nextMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + 1, 15)).toISOString().slice(0, 10);
    await api.mutate(
      'createOpportunity',
      { name: 'Big', accountId, amount: { amount: 1_000_000, currency: 'USD' }, stageId: proposal, expectedCloseDate: nextMonth },
      'opportunity { id }',
    );
    const { revenueForecast: r } = await api.data(
      '{ revenueForecast(horizonMonths: 3) { currency method mase level reason undatedPipeline { amount } months { month runRate { amount } weightedPipeline { amount } expected { amount } lower { amount } upper { amount } } } }',
    );
    expect(r.months).toHaveLength(3);
    // The same ForecastMethod enum as demand forecasts (it was a free-form string).
    expect(['SEASONAL_NAIVE', 'NAIVE', 'HOLT_WINTERS', 'HOLT', 'SES', 'CROSTON_SBA']).toContain(r.method);
    expect(r.months[1].weightedPipeline.amount).toBe(500_000);
    for (const m of r.months) {
      expect(m.expected.amount).toBe(m.runRate.amount + m.weightedPipeline.amount);
      expect(m.lower.amount).toBeLessThanOrEqual(m.expected.amount);
      expect(m.upper.amount).toBeGreaterThanOrEqual(m.expected.amount);
    }
    // Deals widen the interval: 1M at 50% has a standard deviation of 500k.
    expect(r.months[1].upper.amount - r.months[1].expected.amount).toBeGreaterThan(600_000);
    // Another organization sees none of this revenue, pipeline or these variants.
    const stranger = caller(t, (await memberOf(t)).token);
    const theirs = await stranger.data('{ revenueForecast(horizonMonths: 3) { months { runRate { amount } weightedPipeline { amount } } } }');
    expect(
      theirs.revenueForecast.months.every(
        (m: { runRate: { amount: number }; weightedPipeline: { amount: number } }) => m.runRate.amount === 0 && m.weightedPipeline.amount === 0,
      ),
    ).toBe(true);
    expect((await stranger.data('{ priceRecommendations(first: 10) { totalCount } }')).priceRecommendations.totalCount).toBe(0);
    const growth = await memberOf(t, { plan: 'growth' });
    const denied = await t.gql('{ revenueForecast { currency } }', { token: growth.token });
    expect(denied.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', feature: 'analytics.forecasting' });
    const allowed = await t.gql('{ salesMetrics(range: { from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z" }) { orderCount } }', {
      token: growth.token,
    });
    expect(allowed.errors).toBeUndefined();
  });
});
