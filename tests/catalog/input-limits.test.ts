import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_READ } from '../../src/db/tenancy.js';
import { ProductVariant } from '../../src/modules/catalog/product-variant.entity.js';
import { StockLevel } from '../../src/modules/catalog/stock-level.entity.js';
import { StockMovement } from '../../src/modules/catalog/stock-movement.entity.js';
import { Warehouse } from '../../src/modules/catalog/warehouse.entity.js';
import { createVariant, createWarehouse } from '../factories/catalog.js';
import { memberOf, unique } from '../factories/core.js';
import { caller } from '../factories/sales.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

/** `{ a: { a: … { a: 'leaf' } } }`, `depth` objects deep. */
const nested = (depth: number): Record<string, unknown> => {
  let value: Record<string, unknown> = { a: 'leaf' };
  for (let i = 1; i < depth; i += 1) value = { a: value };
  return value;
};

const STOCK = `mutation ($input: StockMovementInput!) {
  receiveStock(input: $input) { stockLevels { onHand } errors { field code message } }
}`;
const ADJUST = `mutation ($input: StockMovementInput!) {
  adjustStock(input: $input) { stockLevels { onHand } errors { field code message } }
}`;
const UPDATE_VARIANT = `mutation ($input: UpdateProductVariantInput!) {
  updateProductVariant(input: $input) { productVariant { id } errors { field code message } }
}`;

describe('catalog inputs beyond what their columns hold', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<typeof memberOf>>;
  beforeAll(async () => {
    t = await startTestApp();
    member = await memberOf(t);
  });
  afterAll(() => t.close());

  const levelOf = (variantId: string, warehouseId: string) =>
    t.systemEm().findOne(StockLevel, { variant: variantId, warehouse: warehouseId }, SYSTEM_READ);
  const movementsOf = (variantId: string) => t.systemEm().count(StockMovement, { variant: variantId }, SYSTEM_READ);

  it('refuses a stock reference longer than its column with a payload error and records nothing', async () => {
    const variant = await createVariant(t, member.organization);
    const warehouse = await createWarehouse(t, member.organization);
    // when
    const result = await caller(t, member.token).gql(STOCK, {
      input: { variantId: variant.id, warehouseId: warehouse.id, quantity: 3, reference: 'R'.repeat(201) },
    });
    // then
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    expect(result.data.receiveStock.errors).toEqual([{ field: 'reference', code: 'INVALID', message: 'reference must be at most 200 characters' }]);
    expect(result.data.receiveStock.stockLevels).toEqual([]);
    expect(await movementsOf(variant.id)).toBe(0);
    expect(await levelOf(variant.id, warehouse.id)).toBeNull();
  });

  it('refuses a receipt that would take on-hand stock past the integer column, keeping the level as it was', async () => {
    const variant = await createVariant(t, member.organization);
    const warehouse = await createWarehouse(t, member.organization);
    const gql = caller(t, member.token).gql;
    const input = { variantId: variant.id, warehouseId: warehouse.id };
    expect((await gql(STOCK, { input: { ...input, quantity: 5 } })).data.receiveStock.errors).toEqual([]);
    // when
    const received = await gql(STOCK, { input: { ...input, quantity: 2147483647 } });
    const adjusted = await gql(ADJUST, { input: { ...input, quantity: 2147483647 } });
    // then
    for (const [result, field] of [
      [received, 'receiveStock'],
      [adjusted, 'adjustStock'],
    ] as const) {
      expect(result.status).toBe(200);
      expect(result.errors).toBeUndefined();
      expect(result.data[field].errors).toMatchObject([{ field: 'quantity', code: 'INVALID' }]);
    }
    expect(await levelOf(variant.id, warehouse.id)).toMatchObject({ onHand: 5 });
    expect(await movementsOf(variant.id)).toBe(1);
  });

  it('refuses a unit of measure longer than its column (checked from the entity metadata) and keeps the old one', async () => {
    const variant = await createVariant(t, member.organization);
    // when
    const result = await caller(t, member.token).gql(UPDATE_VARIANT, { input: { id: variant.id, unitOfMeasure: 'u'.repeat(21), name: 'Renamed' } });
    // then
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    expect(result.data.updateProductVariant).toEqual({
      productVariant: null,
      errors: [{ field: 'unitOfMeasure', code: 'INVALID', message: 'unitOfMeasure must be at most 20 characters' }],
    });
    const stored = await t.systemEm().findOneOrFail(ProductVariant, variant.id, SYSTEM_READ);
    expect(stored).toMatchObject({ unitOfMeasure: 'each', name: 'Default' });
  });

  /** Posts the variant update with its body written by hand: a client's own JSON encoder cannot nest 5,000 deep. */
  const updateVariantNested = async (id: string, depth: number) => {
    const attributes = `${'{"a":'.repeat(depth)}"leaf"${'}'.repeat(depth)}`;
    const payload = `{"query":${JSON.stringify(UPDATE_VARIANT)},"variables":{"input":{"id":"${id}","attributes":${attributes}}}}`;
    const response = await t.server.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${member.token}` },
      payload,
    });
    return { status: response.statusCode, ...response.json() };
  };

  it('refuses variant attributes nested deeper than the JSON limit, naming the field, and stores nothing', async () => {
    const variant = await createVariant(t, member.organization);
    // when
    const results = await Promise.all([17, 2_000, 5_000].map((depth) => updateVariantNested(variant.id, depth)));
    // then
    for (const result of results) {
      expect(result.status).toBe(200);
      expect(result.errors).toBeUndefined();
      expect(result.data.updateProductVariant.errors).toEqual([
        { field: 'attributes', code: 'INVALID', message: 'attributes must not nest objects or lists more than 16 levels deep' },
      ]);
    }
    expect((await t.systemEm().findOneOrFail(ProductVariant, variant.id, SYSTEM_READ)).attributes).toEqual({});
  });

  it('accepts attributes within the JSON limits', async () => {
    const variant = await createVariant(t, member.organization);
    const attributes = { size: 'L', colour: { name: 'blue', hex: '#00f' }, deep: nested(14) };
    const result = await caller(t, member.token).gql(UPDATE_VARIANT, { input: { id: variant.id, attributes } });
    expect(result.data.updateProductVariant.errors).toEqual([]);
    expect((await t.systemEm().findOneOrFail(ProductVariant, variant.id, SYSTEM_READ)).attributes).toEqual(attributes);
  });

  it('refuses attributes with too many values in all', async () => {
    const variant = await createVariant(t, member.organization);
    const attributes = Object.fromEntries(Array.from({ length: 2_001 }, (_, i) => [`k${i}`, i]));
    const result = await caller(t, member.token).gql(UPDATE_VARIANT, { input: { id: variant.id, attributes } });
    expect(result.data.updateProductVariant.errors).toMatchObject([{ field: 'attributes', code: 'INVALID' }]);
    expect((await t.systemEm().findOneOrFail(ProductVariant, variant.id, SYSTEM_READ)).attributes).toEqual({});
  });

  it('refuses a NUL or a lone surrogate inside JSON attributes, keys included', async () => {
    const variant = await createVariant(t, member.organization);
    const gql = caller(t, member.token).gql;
    const bad = [{ colour: 'bl\u0000ue' }, { 'co\uD800lour': 'blue' }, { sizes: ['S', '\uDC00'] }];
    const results = await Promise.all(bad.map((attributes) => gql(UPDATE_VARIANT, { input: { id: variant.id, attributes } })));
    expect(results.map((r) => r.data.updateProductVariant.errors.map((e: { field: string }) => e.field))).toEqual([
      ['attributes.colour'],
      ['attributes.co\uD800lour'],
      ['attributes.sizes.1'],
    ]);
    expect((await t.systemEm().findOneOrFail(ProductVariant, variant.id, SYSTEM_READ)).attributes).toEqual({});
  });

  it('refuses an over-long warehouse code at creation and creates nothing', async () => {
    const code = `${unique('WH')}${'x'.repeat(60)}`;
    const result = await caller(t, member.token).gql(
      `mutation ($input: CreateWarehouseInput!) { createWarehouse(input: $input) { warehouse { id } errors { field code } } }`,
      { input: { code, name: 'Too long' } },
    );
    expect(result.status).toBe(200);
    expect(result.data.createWarehouse.warehouse).toBeNull();
    expect(result.data.createWarehouse.errors.length).toBeGreaterThan(0);
    expect(result.data.createWarehouse.errors.every((e: { code: string }) => e.code === 'INVALID' || e.code === 'REQUIRED')).toBe(true);
    expect(await t.systemEm().count(Warehouse, { code }, SYSTEM_READ)).toBe(0);
  });
});
