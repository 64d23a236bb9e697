import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_READ } from '../../src/db/tenancy.js';
import { Role } from '../../src/modules/core/membership.entity.js';
import { PriceChange } from '../../src/modules/catalog/price-change.entity.js';
import { Product } from '../../src/modules/catalog/product.entity.js';
import { ProductVariant } from '../../src/modules/catalog/product-variant.entity.js';
import { memberOf, unique } from '../factories/core.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

const CREATE_PRODUCT = `mutation ($input: CreateProductInput!) {
  createProduct(input: $input) { product { id name status variants { id sku listPrice { amount currency } } } errors { code field message } }
}`;

const usd = (amount: number) => ({ amount, currency: 'USD' });

const variant = (sku: string, listPrice = 1999, extra: Record<string, unknown> = {}) => ({
  sku,
  name: sku,
  listPrice: usd(listPrice),
  unitCost: usd(900),
  ...extra,
});

describe('catalog API', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof memberOf>>;
  beforeAll(async () => {
    t = await startTestApp();
    owner = await memberOf(t, { plan: 'growth' });
  });
  afterAll(() => t.close());

  const gql = (query: string, variables?: Record<string, unknown>, token = owner.token) => t.gql(query, { variables, token });

  it('creates, reads, updates, soft-deletes and restores a product with variants', async () => {
    const sku = unique('TSHIRT').toUpperCase();
    const created = await gql(CREATE_PRODUCT, {
      input: {
        name: 'Organic T-shirt',
        category: 'Apparel',
        tags: ['cotton'],
        status: 'ACTIVE',
        variants: [variant(`${sku}-S`), variant(`${sku}-M`, 2099)],
      },
    });
    expect(created.data.createProduct.errors).toEqual([]);
    const product = created.data.createProduct.product;
    expect(product.variants.map((v: { sku: string }) => v.sku)).toEqual([`${sku}-M`, `${sku}-S`]);
    const updated = await gql(
      `mutation { updateProduct(input: { id: "${product.id}", brand: "Acme", status: ARCHIVED }) { product { brand status } errors { code } } }`,
    );
    expect(updated.data.updateProduct).toEqual({ product: { brand: 'Acme', status: 'ARCHIVED' }, errors: [] });
    const deleted = await gql(`mutation { deleteProduct(input: { id: "${product.id}" }) { product { deletedAt } errors { code } } }`);
    expect(deleted.data.deleteProduct.product.deletedAt).toBeTruthy();
    const listed = await gql(
      `{ products(filter: { id: { eq: "${product.id}" } }) { totalCount } all: products(filter: { id: { eq: "${product.id}" } }, includeDeleted: true) { totalCount } }`,
    );
    expect([listed.data.products.totalCount, listed.data.all.totalCount]).toEqual([0, 1]);
    await gql(`mutation { restoreProduct(input: { id: "${product.id}" }) { errors { code } } }`);
    expect((await gql(`{ product(id: "${product.id}") { deletedAt name } }`)).data.product).toEqual({ deletedAt: null, name: 'Organic T-shirt' });
  });

  it('names duplicate SKUs, negative prices and missing variants, and saves nothing', async () => {
    const sku = unique('DUP').toUpperCase();
    await gql(CREATE_PRODUCT, { input: { name: 'First', variants: [variant(sku)] } });
    const before = await t.systemEm().count(Product, {}, SYSTEM_READ);
    const dup = await gql(CREATE_PRODUCT, { input: { name: 'Second', variants: [variant(sku)] } });
    expect(dup.data.createProduct.errors).toMatchObject([{ code: 'ALREADY_EXISTS', field: 'sku' }]);
    const twice = await gql(CREATE_PRODUCT, { input: { name: 'Third', variants: [variant(`${sku}-X`), variant(`${sku}-X`)] } });
    expect(twice.data.createProduct.errors).toMatchObject([{ code: 'ALREADY_EXISTS', field: 'variants.1.sku' }]);
    const negative = await gql(CREATE_PRODUCT, { input: { name: 'Fourth', variants: [variant(`${sku}-N`, -5)] } });
    expect(negative.data.createProduct.errors).toMatchObject([{ code: 'INVALID', field: 'variants.0.listPrice.amount' }]);
    const none = await gql(CREATE_PRODUCT, { input: { name: 'Fifth', variants: [] } });
    expect(none.data.createProduct.errors).toMatchObject([{ code: 'REQUIRED', field: 'variants' }]);
    expect(await t.systemEm().count(Product, {}, SYSTEM_READ)).toBe(before);
  });

  it('changes a price through updateProductVariant and records it, refusing another currency', async () => {
    const sku = unique('PRICE').toUpperCase();
    const created = await gql(CREATE_PRODUCT, { input: { name: 'Mug', variants: [variant(sku, 1200)] } });
    const id = created.data.createProduct.product.variants[0].id;
    const change = await gql(
      `mutation { updateProductVariant(input: { id: "${id}", listPrice: { amount: 1500, currency: "USD" }, priceChangeReason: "new glaze" }) { productVariant { listPrice { amount } } errors { code } } }`,
    );
    expect(change.data.updateProductVariant).toEqual({ productVariant: { listPrice: { amount: 1500 } }, errors: [] });
    const mismatch = await gql(
      `mutation { updateProductVariant(input: { id: "${id}", listPrice: { amount: 1, currency: "EUR" } }) { errors { code field message } } }`,
    );
    expect(mismatch.data.updateProductVariant.errors).toEqual([
      { code: 'CURRENCY_MISMATCH', field: 'listPrice.currency', message: `listPrice is in EUR, variant ${sku} in USD` },
    ]);
    const history = await gql(`{ priceHistory(variantId: "${id}", kind: LIST_PRICE) { oldAmount newAmount reason changedBy } }`);
    expect(history.data.priceHistory).toEqual([
      { oldAmount: null, newAmount: 1200, reason: 'initial price', changedBy: owner.user.id },
      { oldAmount: 1200, newAmount: 1500, reason: 'new glaze', changedBy: owner.user.id },
    ]);
  });

  it('bulk-creates with per-row errors, or saves nothing when all-or-nothing', async () => {
    const sku = unique('BULK').toUpperCase();
    const rows = [
      { name: 'Bulk A', variants: [variant(`${sku}-A`)] },
      { name: '', variants: [variant(`${sku}-B`)] },
      { name: 'Bulk C', variants: [variant(`${sku}-C`)] },
    ];
    const BULK = `mutation ($input: BulkCreateProductsInput!) { bulkCreateProducts(input: $input) { results { index product { name } errors { field code } } errors { code message } } }`;
    const partial = await gql(BULK, { input: { products: rows } });
    expect(partial.data.bulkCreateProducts.results).toEqual([
      { index: 0, product: { name: 'Bulk A' }, errors: [] },
      { index: 1, product: null, errors: [{ field: '1.name', code: 'REQUIRED' }] },
      { index: 2, product: { name: 'Bulk C' }, errors: [] },
    ]);
    const strictSku = unique('STRICT').toUpperCase();
    const strict = await gql(BULK, {
      input: {
        allOrNothing: true,
        products: [
          { name: 'S1', variants: [variant(`${strictSku}-1`)] },
          { name: 'S2', variants: [variant(`${sku}-A`)] },
        ],
      },
    });
    expect(strict.data.bulkCreateProducts.results.map((r: { product: unknown }) => r.product)).toEqual([null, null]);
    expect(strict.data.bulkCreateProducts.results[1].errors).toEqual([{ field: '1.sku', code: 'ALREADY_EXISTS' }]);
    expect(strict.data.bulkCreateProducts.errors[0].message).toMatch(/nothing was saved/);
    expect(await t.systemEm().count(ProductVariant, { sku: `${strictSku}-1` }, SYSTEM_READ)).toBe(0);
    const tooMany = await gql(BULK, {
      input: { products: Array.from({ length: 101 }, (_, i) => ({ name: `P${i}`, variants: [variant(`${sku}-${i}`)] })) },
    });
    expect(tooMany.data.bulkCreateProducts.errors[0].message).toMatch(/1 to 100 rows/);
  });

  it('finds products by full-text search over names, descriptions and variant SKUs', async () => {
    const word = `zephyr${Date.now()}`;
    const sku = unique('SRCH').toUpperCase();
    await gql(CREATE_PRODUCT, { input: { name: 'Plain kettle', description: `A ${word} of a kettle`, variants: [variant(`${sku}-K`)] } });
    await gql(CREATE_PRODUCT, { input: { name: 'Other thing', variants: [variant(`${sku}-O`)] } });
    const byDescription = await gql(`{ products(filter: { search: "${word}" }) { edges { node { name } } } }`);
    expect(byDescription.data.products.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['Plain kettle']);
    const bySku = await gql(`{ products(filter: { search: "${sku.toLowerCase()}-o" }) { edges { node { name } } } }`);
    expect(bySku.data.products.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['Other thing']);
    const combined = await gql(
      `{ products(filter: { or: [{ name: { startsWith: "plain" } }, { name: { contains: "THING" } }], not: { status: { eq: ARCHIVED } } }, orderBy: { field: NAME, direction: DESC }) { edges { node { name } } } }`,
    );
    expect(combined.data.products.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['Plain kettle', 'Other thing']);
  });

  it('receives, adjusts and transfers stock through GraphQL and lists low-stock variants', async () => {
    const sku = unique('STOCK').toUpperCase();
    const created = await gql(CREATE_PRODUCT, {
      input: { name: 'Stocked', status: 'ACTIVE', variants: [variant(sku, 100, { lowStockThreshold: 3 })] },
    });
    const variantId = created.data.createProduct.product.variants[0].id;
    const wh = async (code: string) =>
      (await gql(`mutation { createWarehouse(input: { name: "${code}", code: "${code}" }) { warehouse { id code } errors { code } } }`)).data
        .createWarehouse.warehouse.id;
    const [a, b] = [await wh(unique('A')), await wh(unique('B'))];
    const receive = await gql(
      `mutation { receiveStock(input: { variantId: "${variantId}", warehouseId: "${a}", quantity: 5, reference: "PO-1" }) { stockLevels { onHand available } errors { code } } }`,
    );
    expect(receive.data.receiveStock).toEqual({ stockLevels: [{ onHand: 5, available: 5 }], errors: [] });
    const transfer = await gql(
      `mutation { transferStock(input: { variantId: "${variantId}", fromWarehouseId: "${a}", toWarehouseId: "${b}", quantity: 3 }) { stockLevels { onHand warehouse { id } } errors { code } } }`,
    );
    expect(transfer.data.transferStock.stockLevels).toEqual([
      { onHand: 2, warehouse: { id: a } },
      { onHand: 3, warehouse: { id: b } },
    ]);
    const tooMuch = await gql(
      `mutation { adjustStock(input: { variantId: "${variantId}", warehouseId: "${a}", quantity: -3 }) { stockLevels { onHand } errors { code field } } }`,
    );
    expect(tooMuch.data.adjustStock).toEqual({ stockLevels: [], errors: [{ code: 'INSUFFICIENT_STOCK', field: 'quantity' }] });
    const lowInA = await gql(`{ lowStockVariants(warehouseId: "${a}", first: 100) { edges { node { sku } } } }`);
    expect(lowInA.data.lowStockVariants.edges.map((e: { node: { sku: string } }) => e.node.sku)).toContain(sku);
    const lowOverall = await gql(`{ lowStockVariants(first: 100) { edges { node { sku } } } }`);
    expect(lowOverall.data.lowStockVariants.edges.map((e: { node: { sku: string } }) => e.node.sku)).not.toContain(sku);
    const ledger = await gql(
      `{ stockMovements(filter: { variantId: { eq: "${variantId}" } }) { totalCount edges { node { type onHandDelta warehouse { id } } } } }`,
    );
    expect(ledger.data.stockMovements.totalCount).toBe(3);
  });

  it('soft-deletes and restores suppliers, warehouses and variants; deleted ones leave lists and cannot take stock', async () => {
    const ext = unique('EXT');
    const supplier = (
      await gql(
        `mutation { createSupplier(input: { name: "Acme", externalId: "${ext}", leadTimeDays: 9 }) { supplier { id leadTimeDays } errors { code } } }`,
      )
    ).data.createSupplier;
    expect(supplier.supplier.leadTimeDays).toBe(9);
    const dupExt = await gql(`mutation { createSupplier(input: { name: "Other", externalId: "${ext}" }) { errors { code field } } }`);
    expect(dupExt.data.createSupplier.errors).toEqual([{ code: 'ALREADY_EXISTS', field: 'externalId' }]);
    const code = unique('WH').toUpperCase();
    const warehouse = (await gql(`mutation { createWarehouse(input: { name: "Side", code: "${code}" }) { warehouse { id } } }`)).data.createWarehouse
      .warehouse.id;
    const dupCode = await gql(`mutation { createWarehouse(input: { name: "Again", code: "${code.toLowerCase()}" }) { errors { code field } } }`);
    expect(dupCode.data.createWarehouse.errors).toEqual([{ code: 'ALREADY_EXISTS', field: 'code' }]);
    const created = await gql(CREATE_PRODUCT, { input: { name: 'Deletable', variants: [variant(unique('DEL').toUpperCase())] } });
    const variantId = created.data.createProduct.product.variants[0].id;
    const offer = await gql(
      `mutation { setSupplierOffer(input: { variantId: "${variantId}", supplierId: "${supplier.supplier.id}", cost: { amount: 700, currency: "USD" }, minimumOrderQuantity: 12 }) { supplierOffer { cost { amount } minimumOrderQuantity supplier { name } } errors { code } } }`,
    );
    expect(offer.data.setSupplierOffer.supplierOffer).toEqual({ cost: { amount: 700 }, minimumOrderQuantity: 12, supplier: { name: 'Acme' } });

    await gql(`mutation { deleteSupplier(input: { id: "${supplier.supplier.id}" }) { errors { code } } }`);
    await gql(`mutation { deleteWarehouse(input: { id: "${warehouse}" }) { errors { code } } }`);
    await gql(`mutation { deleteProductVariant(input: { id: "${variantId}" }) { errors { code } } }`);
    const after = await gql(
      `{ suppliers(filter: { externalId: { eq: "${ext}" } }) { totalCount } warehouses(filter: { code: { eq: "${code}" } }) { totalCount } productVariants(filter: { id: { eq: "${variantId}" } }) { totalCount } product(id: "${created.data.createProduct.product.id}") { variants { id } } }`,
    );
    expect(after.data).toEqual({
      suppliers: { totalCount: 0 },
      warehouses: { totalCount: 0 },
      productVariants: { totalCount: 0 },
      product: { variants: [] },
    });
    const stock = await gql(
      `mutation { receiveStock(input: { variantId: "${variantId}", warehouseId: "${warehouse}", quantity: 1 }) { errors { code field } } }`,
    );
    expect(stock.data.receiveStock.errors).toEqual([
      { code: 'NOT_FOUND', field: 'variantId' },
      { code: 'NOT_FOUND', field: 'warehouseId' },
    ]);

    await gql(`mutation { restoreSupplier(input: { id: "${supplier.supplier.id}" }) { errors { code } } }`);
    await gql(`mutation { restoreWarehouse(input: { id: "${warehouse}" }) { errors { code } } }`);
    await gql(`mutation { restoreProductVariant(input: { id: "${variantId}" }) { errors { code } } }`);
    const restored = await gql(
      `mutation { receiveStock(input: { variantId: "${variantId}", warehouseId: "${warehouse}", quantity: 1 }) { stockLevels { onHand } errors { code } } }`,
    );
    expect(restored.data.receiveStock).toEqual({ stockLevels: [{ onHand: 1 }], errors: [] });
  });

  it('answers the price at a given time over GraphQL', async () => {
    const created = await gql(CREATE_PRODUCT, { input: { name: 'Timed', variants: [variant(unique('AT').toUpperCase(), 1000)] } });
    const id = created.data.createProduct.product.variants[0].id;
    const before = new Date(Date.now() - 86400_000).toISOString();
    const now = await gql(
      `{ priceAt(variantId: "${id}", kind: LIST_PRICE, at: "${new Date(Date.now() + 1000).toISOString()}") { newAmount validTo } past: priceAt(variantId: "${id}", kind: LIST_PRICE, at: "${before}") { newAmount } }`,
    );
    expect(now.data).toEqual({ priceAt: { newAmount: 1000, validTo: null }, past: null });
  });

  it('lets viewers read the catalog but not change it', async () => {
    const viewer = await memberOf(t, { plan: 'growth', role: Role.VIEWER });
    expect((await gql('{ products { totalCount } }', {}, viewer.token)).data.products.totalCount).toBe(0);
    const refused = await gql(CREATE_PRODUCT, { input: { name: 'Nope', variants: [variant(unique('V'))] } }, viewer.token);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('keeps every variant price change in the history (completeness across API paths)', async () => {
    const sku = unique('HIST').toUpperCase();
    const created = await gql(CREATE_PRODUCT, { input: { name: 'History', variants: [variant(sku, 1000)] } });
    const id = created.data.createProduct.product.variants[0].id;
    await gql(
      `mutation { bulkUpdateProductVariants(input: { variants: [{ id: "${id}", listPrice: { amount: 1100, currency: "USD" } }] }) { errors { code } } }`,
    );
    await gql(`mutation { updateProductVariant(input: { id: "${id}", unitCost: { amount: 950, currency: "USD" } }) { errors { code } } }`);
    const rows = await t.systemEm().find(PriceChange, { variant: id }, SYSTEM_READ);
    const current = await t.systemEm().findOneOrFail(ProductVariant, { id }, SYSTEM_READ);
    const open = rows.filter((r) => r.validTo === null);
    expect(open.map((r) => [r.kind, r.newAmount]).sort()).toEqual([
      ['list_price', current.listPrice.amount],
      ['unit_cost', current.unitCost.amount],
    ]);
    expect(rows).toHaveLength(4);
  });
});
