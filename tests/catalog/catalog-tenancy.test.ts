import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_READ } from '../../src/db/tenancy.js';
import { ProductVariant } from '../../src/modules/catalog/product-variant.entity.js';
import { StockLevel } from '../../src/modules/catalog/stock-level.entity.js';
import { Supplier } from '../../src/modules/catalog/supplier.entity.js';
import { memberOf, unique } from '../factories/core.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

type Member = Awaited<ReturnType<typeof memberOf>>;

/** Creates a small catalog for `who` through the API and returns its IDs. */
async function seedCatalog(t: TestApp, who: Member) {
  const gql = (q: string) => t.gql(q, { token: who.token });
  const supplier = (await gql(`mutation { createSupplier(input: { name: "S ${unique('s')}" }) { supplier { id } } }`)).data.createSupplier.supplier
    .id;
  const product = (
    await gql(
      `mutation { createProduct(input: { name: "P", defaultSupplierId: "${supplier}", variants: [{ sku: "${unique('SKU')}", name: "V", listPrice: { amount: 100, currency: "USD" } }] }) { product { id variants { id } } } }`,
    )
  ).data.createProduct.product;
  const warehouse = (await gql(`mutation { createWarehouse(input: { name: "W", code: "${unique('W')}" }) { warehouse { id } } }`)).data
    .createWarehouse.warehouse.id;
  const variant = product.variants[0].id;
  await gql(`mutation { receiveStock(input: { variantId: "${variant}", warehouseId: "${warehouse}", quantity: 10 }) { errors { code } } }`);
  const offer = (
    await gql(
      `mutation { setSupplierOffer(input: { variantId: "${variant}", supplierId: "${supplier}", cost: { amount: 50, currency: "USD" } }) { supplierOffer { id } errors { code } } }`,
    )
  ).data.setSupplierOffer.supplierOffer.id;
  return { supplier, product: product.id, variant, warehouse, offer };
}

describe('catalog tenancy and plan gating', () => {
  let t: TestApp;
  let a: Member;
  let b: Member;
  let theirs: Awaited<ReturnType<typeof seedCatalog>>;
  let mine: Awaited<ReturnType<typeof seedCatalog>>;
  beforeAll(async () => {
    t = await startTestApp();
    a = await memberOf(t, { plan: 'growth' });
    b = await memberOf(t, { plan: 'growth' });
    mine = await seedCatalog(t, a);
    theirs = await seedCatalog(t, b);
  });
  afterAll(() => t.close());

  const asA = (query: string) => t.gql(query, { token: a.token });

  it.each([
    ['supplier', () => `{ supplier(id: "${theirs.supplier}") { id } }`],
    ['product', () => `{ product(id: "${theirs.product}") { id } }`],
    ['productVariant', () => `{ productVariant(id: "${theirs.variant}") { id } }`],
    ['warehouse', () => `{ warehouse(id: "${theirs.warehouse}") { id } }`],
    ['priceHistory', () => `{ priceHistory(variantId: "${theirs.variant}") { id } }`],
    ['priceAt', () => `{ priceAt(variantId: "${theirs.variant}", kind: LIST_PRICE, at: "2030-01-01T00:00:00Z") { id } }`],
    ['updateSupplier', () => `mutation { updateSupplier(input: { id: "${theirs.supplier}", name: "x" }) { errors { code } } }`],
    ['deleteSupplier', () => `mutation { deleteSupplier(input: { id: "${theirs.supplier}" }) { errors { code } } }`],
    ['restoreSupplier', () => `mutation { restoreSupplier(input: { id: "${theirs.supplier}" }) { errors { code } } }`],
    ['updateProduct', () => `mutation { updateProduct(input: { id: "${theirs.product}", name: "x" }) { errors { code } } }`],
    ['deleteProduct', () => `mutation { deleteProduct(input: { id: "${theirs.product}" }) { errors { code } } }`],
    ['restoreProduct', () => `mutation { restoreProduct(input: { id: "${theirs.product}" }) { errors { code } } }`],
    [
      'createProductVariant',
      () =>
        `mutation { createProductVariant(input: { productId: "${theirs.product}", sku: "${unique('X')}", name: "x", listPrice: { amount: 1, currency: "USD" } }) { errors { code } } }`,
    ],
    [
      'updateProductVariant',
      () => `mutation { updateProductVariant(input: { id: "${theirs.variant}", listPrice: { amount: 1, currency: "USD" } }) { errors { code } } }`,
    ],
    ['deleteProductVariant', () => `mutation { deleteProductVariant(input: { id: "${theirs.variant}" }) { errors { code } } }`],
    ['restoreProductVariant', () => `mutation { restoreProductVariant(input: { id: "${theirs.variant}" }) { errors { code } } }`],
    ['updateWarehouse', () => `mutation { updateWarehouse(input: { id: "${theirs.warehouse}", name: "x" }) { errors { code } } }`],
    ['deleteWarehouse', () => `mutation { deleteWarehouse(input: { id: "${theirs.warehouse}" }) { errors { code } } }`],
    ['restoreWarehouse', () => `mutation { restoreWarehouse(input: { id: "${theirs.warehouse}" }) { errors { code } } }`],
  ])("refuses %s with another organization's ID as NOT_FOUND", async (_name, query) => {
    const res = await asA(query());
    expect(res.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it.each([
    [
      'createProduct.defaultSupplierId',
      () =>
        `mutation { createProduct(input: { name: "x", defaultSupplierId: "${theirs.supplier}", variants: [{ sku: "${unique('Y')}", name: "y", listPrice: { amount: 1, currency: "USD" } }] }) { errors { code field } } }`,
      'defaultSupplierId',
    ],
    [
      'receiveStock',
      () =>
        `mutation { receiveStock(input: { variantId: "${theirs.variant}", warehouseId: "${theirs.warehouse}", quantity: 1 }) { errors { code field } } }`,
      'variantId',
    ],
    [
      'adjustStock',
      () =>
        `mutation { adjustStock(input: { variantId: "${theirs.variant}", warehouseId: "${theirs.warehouse}", quantity: -1 }) { errors { code field } } }`,
      'variantId',
    ],
    [
      'transferStock',
      () =>
        `mutation { transferStock(input: { variantId: "${mine.variant}", fromWarehouseId: "${theirs.warehouse}", toWarehouseId: "${mine.warehouse}", quantity: 1 }) { errors { code field } } }`,
      'fromWarehouseId',
    ],
    [
      'setSupplierOffer',
      () =>
        `mutation { setSupplierOffer(input: { variantId: "${theirs.variant}", supplierId: "${theirs.supplier}", cost: { amount: 1, currency: "USD" } }) { errors { code field } } }`,
      'variantId',
    ],
    ['removeSupplierOffer', () => `mutation { removeSupplierOffer(input: { id: "${theirs.offer}" }) { errors { code field } } }`, 'id'],
    [
      'bulkUpdateProducts',
      () => `mutation { bulkUpdateProducts(input: { products: [{ id: "${theirs.product}", name: "x" }] }) { results { errors { code field } } } }`,
      '0.id',
    ],
  ])("refuses %s with another organization's IDs in the payload", async (name, query, field) => {
    const res = await asA(query());
    const payload = Object.values(
      res.data as Record<string, { errors?: { field: string; code: string }[]; results?: { errors: { field: string; code: string }[] }[] }>,
    )[0];
    const errors = payload.errors ?? payload.results?.[0].errors ?? [];
    expect(
      errors.map((e) => e.field),
      name,
    ).toContain(field);
    expect(errors.every((e) => ['NOT_FOUND', 'INVALID'].includes(e.code))).toBe(true);
  });

  it("finds no low stock in another organization's warehouse", async () => {
    const res = await asA(`{ lowStockVariants(warehouseId: "${theirs.warehouse}") { edges { node { id } } } }`);
    expect(res.data.lowStockVariants.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(theirs.variant);
  });

  it("leaves the other organization's catalog untouched and lists only one's own", async () => {
    expect((await t.systemEm().findOneOrFail(Supplier, { id: theirs.supplier }, SYSTEM_READ)).deletedAt).toBeNull();
    expect((await t.systemEm().findOneOrFail(ProductVariant, { id: theirs.variant }, SYSTEM_READ)).listPrice.amount).toBe(100);
    expect((await t.systemEm().findOneOrFail(StockLevel, { variant: theirs.variant }, SYSTEM_READ)).onHand).toBe(10);
    const lists = await asA(
      '{ products { totalCount } productVariants { totalCount } suppliers { totalCount } warehouses { totalCount } stockLevels { totalCount } stockMovements { totalCount } }',
    );
    expect(lists.data).toEqual({
      products: { totalCount: 1 },
      productVariants: { totalCount: 1 },
      suppliers: { totalCount: 1 },
      warehouses: { totalCount: 1 },
      stockLevels: { totalCount: 1 },
      stockMovements: { totalCount: 1 },
    });
  });

  it('refuses supplier endpoints and fields without catalog.manage_suppliers, naming the feature', async () => {
    const free = await memberOf(t, { plan: 'free' });
    const gql = (q: string) => t.gql(q, { token: free.token });
    for (const query of ['{ suppliers { totalCount } }', `mutation { createSupplier(input: { name: "x" }) { errors { code } } }`]) {
      const res = await gql(query);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', feature: 'catalog.manage_suppliers' });
    }
    await gql(
      `mutation { createProduct(input: { name: "Free product", variants: [{ sku: "${unique('F')}", name: "f", listPrice: { amount: 1, currency: "USD" } }] }) { errors { code } } }`,
    );
    const res = await gql('{ products { edges { node { name defaultSupplier { id } variants { offers { id } } } } } }');
    expect(res.errors?.map((e) => e.extensions?.feature)).toContain('catalog.manage_suppliers');
    expect((await gql('{ products { edges { node { name } } } }')).data.products.edges).toHaveLength(1);
  });
});
