import { Money } from '../../src/shared/money.js';
import { Product, ProductStatus } from '../../src/modules/catalog/product.entity.js';
import { ProductVariant } from '../../src/modules/catalog/product-variant.entity.js';
import { Warehouse } from '../../src/modules/catalog/warehouse.entity.js';
import type { Organization } from '../../src/modules/core/organization.entity.js';
import type { TestApp } from '../helpers/harness.js';
import { unique } from './core.js';

export async function createVariant(
  t: TestApp,
  organization: Organization,
  overrides: Partial<{ sku: string; listPrice: number; unitCost: number; currency: string }> = {},
) {
  const em = t.systemEm();
  const product = em.create(Product, { organization: organization.id, name: unique('Product'), status: ProductStatus.ACTIVE });
  const currency = overrides.currency ?? 'USD';
  const variant = em.create(ProductVariant, {
    organization: organization.id,
    product,
    sku: overrides.sku ?? unique('SKU'),
    name: 'Default',
    listPrice: Money.of(overrides.listPrice ?? 1999, currency),
    unitCost: Money.of(overrides.unitCost ?? 800, currency),
  });
  await em.flush();
  return variant;
}

export async function createWarehouse(t: TestApp, organization: Organization, code = unique('WH')) {
  const em = t.systemEm();
  const warehouse = em.create(Warehouse, { organization: organization.id, name: `Warehouse ${code}`, code });
  await em.flush();
  return warehouse;
}
