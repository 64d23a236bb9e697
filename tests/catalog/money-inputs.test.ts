import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_READ } from '../../src/db/tenancy.js';
import { ProductVariant } from '../../src/modules/catalog/product-variant.entity.js';
import { createVariant } from '../factories/catalog.js';
import { memberOf, unique } from '../factories/core.js';
import { caller, usd } from '../factories/sales.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

describe('money inputs (MoneyInput, ISO 4217, money filters)', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<typeof memberOf>>;
  let api: ReturnType<typeof caller>;
  beforeAll(async () => {
    t = await startTestApp();
    member = await memberOf(t, { plan: 'enterprise' });
    api = caller(t, member.token);
  });
  afterAll(() => t.close());

  const variant = (listPrice: unknown, unitCost?: unknown) => ({ sku: unique('MI').toUpperCase(), name: 'v', listPrice, unitCost });

  it('refuses a made-up currency and a unit cost in another currency than the list price, naming the fields and saving nothing', async () => {
    const before = await t.systemEm().count(ProductVariant, {}, SYSTEM_READ);
    const errors = await api.refused('createProduct', {
      name: 'Bad money',
      variants: [variant({ amount: 100, currency: 'XYZ' }), variant(usd(100), { amount: 50, currency: 'EUR' })],
    });
    expect(errors).toEqual([
      {
        field: 'variants.0.listPrice.currency',
        code: 'INVALID',
        message: 'variants.0.listPrice.currency must be an ISO 4217 currency code like "USD"',
      },
      { field: 'variants.1.unitCost.currency', code: 'CURRENCY_MISMATCH', message: 'variants.1.unitCost is in EUR, the list price in USD' },
    ]);
    expect(await t.systemEm().count(ProductVariant, {}, SYSTEM_READ)).toBe(before);
  });

  it('creates a variant priced in yen from a MoneyInput, cost in the same currency', async () => {
    const { product } = await api.mutate(
      'createProduct',
      { name: 'Tea', variants: [variant({ amount: 1_200, currency: 'JPY' }, { amount: 700, currency: 'JPY' })] },
      'product { variants { listPrice { amount currency } unitCost { amount currency } } }',
    );
    expect(product.variants).toEqual([{ listPrice: { amount: 1_200, currency: 'JPY' }, unitCost: { amount: 700, currency: 'JPY' } }]);
  });

  it('refuses a supplier offer in an unknown currency', async () => {
    const v = await createVariant(t, member.organization);
    const { supplier } = await api.mutate('createSupplier', { name: unique('Supplier') }, 'supplier { id }');
    const errors = await api.refused('setSupplierOffer', { variantId: v.id, supplierId: supplier.id, cost: { amount: 10, currency: 'ABC' } });
    expect(errors).toMatchObject([{ field: 'cost.currency', code: 'INVALID' }]);
    const { supplierOffer } = await api.mutate(
      'setSupplierOffer',
      { variantId: v.id, supplierId: supplier.id, cost: { amount: 10, currency: 'EUR' } },
      'supplierOffer { cost { amount currency } }',
    );
    expect(supplierOffer.cost).toEqual({ amount: 10, currency: 'EUR' });
  });

  it('filters variants by list price within one currency only', async () => {
    const tag = unique('F');
    const cheap = await createVariant(t, member.organization, { sku: `${tag}-USD-1`, listPrice: 500 });
    await createVariant(t, member.organization, { sku: `${tag}-USD-2`, listPrice: 5_000 });
    const euro = await createVariant(t, member.organization, { sku: `${tag}-EUR`, listPrice: 500, currency: 'EUR' });
    const page = (filter: string) =>
      api.data(`{ productVariants(first: 10, filter: { sku: { startsWith: "${tag}" }, listPrice: ${filter} }) { edges { node { id } } } }`);
    const ids = (data: { productVariants: { edges: { node: { id: string } }[] } }) => data.productVariants.edges.map((e) => e.node.id);
    expect(ids(await page('{ lt: { amount: 1000, currency: "USD" } }'))).toEqual([cheap.id]);
    expect(ids(await page('{ lte: { amount: 500, currency: "EUR" } }'))).toEqual([euro.id]);
    expect(ids(await page('{ currency: "EUR" }'))).toEqual([euro.id]);
    const bad = await api.gql(`{ productVariants(filter: { listPrice: { gt: { amount: 1, currency: "XYZ" } } }) { totalCount } }`);
    expect(bad.errors?.[0]).toMatchObject({
      message: 'gt.currency must be an ISO 4217 currency code like "USD"',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('refuses an analytics currency outside ISO 4217 as a bad argument, not a 500', async () => {
    const range = { from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' };
    const metrics = await api.gql('query ($range: DateRangeInput!) { salesMetrics(range: $range, currency: "XYZ") { orderCount } }', { range });
    expect(metrics.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currency' });
    const forecast = await api.gql('{ revenueForecast(currency: "usd") { currency } }');
    expect(forecast.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currency' });
  });
});
