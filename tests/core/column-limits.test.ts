import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_READ } from '../../src/db/tenancy.js';
import { ProductVariant } from '../../src/modules/catalog/product-variant.entity.js';
import { Product, ProductStatus } from '../../src/modules/catalog/product.entity.js';
import { limitOfColumnType } from '../../src/shared/column-limits.js';
import { Money } from '../../src/shared/money.js';
import { PayloadError } from '../../src/shared/user-error.js';
import { createOrganization, unique } from '../factories/core.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

describe('column limits read from column types', () => {
  it.each([
    ['varchar(200)', { kind: 'text', maxLength: 200 }],
    ['character varying(20)', { kind: 'text', maxLength: 20 }],
    ['char(3)', { kind: 'text', maxLength: 3 }],
    ['text', { kind: 'text', maxLength: null }],
    ['varchar(50)[]', { kind: 'text', maxLength: 50 }],
    ['int', { kind: 'integer', min: -2147483648, max: 2147483647 }],
    ['smallint', { kind: 'integer', min: -32768, max: 32767 }],
    ['bigint', { kind: 'integer', min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }],
    ['numeric(12,4)', { kind: 'numeric', maxAbs: 1e8, scale: 4 }],
    ['jsonb', { kind: 'none' }],
    ['timestamptz', { kind: 'none' }],
  ])('reads %s', (columnType, limit) => {
    expect(limitOfColumnType(columnType)).toEqual(limit);
  });
});

describe('values checked against their columns when flushed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** The payload errors a flush of a new variant with `overrides` fails with. */
  async function flushErrors(overrides: Partial<ProductVariant>) {
    const organization = await createOrganization(t);
    const em = t.systemEm();
    const product = em.create(Product, { organization: organization.id, name: unique('Product'), status: ProductStatus.ACTIVE });
    em.create(ProductVariant, {
      organization: organization.id,
      product,
      sku: unique('SKU'),
      name: 'Default',
      listPrice: Money.of(100, 'USD'),
      unitCost: Money.of(50, 'USD'),
      ...overrides,
    });
    const error = await em.flush().then(
      () => null,
      (e: unknown) => e,
    );
    const written = await t.systemEm().count(Product, { organization: organization.id }, SYSTEM_READ);
    return { error, written };
  }

  it('refuses an integer past its int column before any statement, writing nothing of the flush', async () => {
    const { error, written } = await flushErrors({ lowStockThreshold: 2 ** 31 });
    expect(error).toBeInstanceOf(PayloadError);
    expect((error as PayloadError).errors).toMatchObject([{ field: 'lowStockThreshold', code: 'INVALID' }]);
    expect(written).toBe(0);
  });

  it('names an embedded value by its path and refuses amounts a bigint cannot keep exactly', async () => {
    // Money.of refuses such an amount itself; a value computed elsewhere (a sum) is caught at the flush.
    const listPrice = Object.assign(Money.of(100, 'USD'), { amount: 2 ** 60 });
    const { error, written } = await flushErrors({ listPrice });
    expect((error as PayloadError).errors).toMatchObject([{ field: 'listPrice.amount', code: 'INVALID' }]);
    expect(written).toBe(0);
  });

  it('reports every value too long for its column at once', async () => {
    const { error, written } = await flushErrors({ sku: 's'.repeat(101), unitOfMeasure: 'u'.repeat(21), barcode: `b${'\u0000'}` });
    expect((error as PayloadError).errors.map((e) => e.field).sort()).toEqual(['barcode', 'sku', 'unitOfMeasure']);
    expect(written).toBe(0);
  });

  it('lets values that fit through', async () => {
    const { error, written } = await flushErrors({ sku: unique('s'.repeat(80)), lowStockThreshold: 2 ** 31 - 1 });
    expect(error).toBeNull();
    expect(written).toBe(1);
  });
});
