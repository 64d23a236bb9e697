import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorOf } from '../../src/shared/context-access.js';
import { describePriceChange } from '../../src/modules/catalog/price.service.js';
import { receiveStock, transferStock } from '../../src/modules/catalog/inventory.service.js';
import { createVariant, createWarehouse } from '../factories/catalog.js';
import { memberOf, unique } from '../factories/core.js';
import { asRequest, startTestApp, type TestApp } from '../helpers/harness.js';

describe('catalog edge cases', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof memberOf>>;
  beforeAll(async () => {
    t = await startTestApp();
    owner = await memberOf(t, { plan: 'growth' });
  });
  afterAll(() => t.close());
  const gql = (query: string, token = owner.token) => t.gql(query, { token });

  it('runs opposite transfers at the same time without deadlocks or lost units', async () => {
    const variant = await createVariant(t, owner.organization);
    const [a, b] = [await createWarehouse(t, owner.organization), await createWarehouse(t, owner.organization)];
    for (const w of [a, b])
      await asRequest(t, owner.token, (ctx) => receiveStock(ctx.em, actorOf(ctx), { variantId: variant.id, warehouseId: w.id, quantity: 20 }));
    const moves = Array.from({ length: 16 }, (_, i) =>
      asRequest(t, owner.token, (ctx) =>
        transferStock(ctx.em, actorOf(ctx), {
          variantId: variant.id,
          fromWarehouseId: i % 2 ? a.id : b.id,
          toWarehouseId: i % 2 ? b.id : a.id,
          quantity: 1,
        }),
      ),
    );
    const results = await Promise.allSettled(moves);
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    const levels = await gql(`{ stockLevels(filter: { variantId: { eq: "${variant.id}" } }) { edges { node { onHand } } } }`);
    expect(levels.data.stockLevels.edges.map((e: { node: { onHand: number } }) => e.node.onHand)).toEqual([20, 20]);
  });

  it("hides a deleted product's variants and refuses stock and price changes for them", async () => {
    const sku = unique('GONE').toUpperCase();
    const created = await gql(
      `mutation { createProduct(input: { name: "Gone", status: ACTIVE, variants: [{ sku: "${sku}", name: "g", listPrice: { amount: 100, currency: "USD" }, lowStockThreshold: 10 }] }) { product { id variants { id } } } }`,
    );
    const { id, variants } = created.data.createProduct.product;
    const warehouse = await createWarehouse(t, owner.organization);
    await gql(`mutation { deleteProduct(input: { id: "${id}" }) { errors { code } } }`);
    const lists = await gql(
      `{ productVariants(filter: { sku: { eq: "${sku}" } }) { totalCount } lowStockVariants(first: 100) { edges { node { sku } } } }`,
    );
    expect(lists.data.productVariants.totalCount).toBe(0);
    expect(lists.data.lowStockVariants.edges.map((e: { node: { sku: string } }) => e.node.sku)).not.toContain(sku);
    const stock = await gql(
      `mutation { receiveStock(input: { variantId: "${variants[0].id}", warehouseId: "${warehouse.id}", quantity: 1 }) { errors { code field } } }`,
    );
    expect(stock.data.receiveStock.errors).toEqual([{ code: 'NOT_FOUND', field: 'variantId' }]);
    const price = await gql(
      `mutation { updateProductVariant(input: { id: "${variants[0].id}", listPrice: { amount: 1, currency: "USD" } }) { errors { code } } }`,
    );
    expect(price.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('answers malformed IDs as not found or bad input, never as a server error', async () => {
    expect((await gql('{ product(id: "nope") { id } }')).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await gql('{ priceHistory(variantId: "nope") { id } }')).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await gql('{ products(filter: { id: { in: ["nope"] } }) { totalCount } }')).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await gql('{ lowStockVariants(warehouseId: "nope") { totalCount } }')).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(
      (await gql('mutation { changeMemberRole(input: { membershipId: "nope", role: VIEWER }) { errors { code } } }')).errors?.[0].extensions?.code,
    ).toBe('NOT_FOUND');
    const bulk = await gql('mutation { bulkUpdateProducts(input: { products: [{ id: "nope", name: "x" }] }) { results { errors { code field } } } }');
    expect(bulk.data.bulkUpdateProducts.results[0].errors).toEqual([{ code: 'NOT_FOUND', field: '0.id' }]);
    const offer = await gql(
      'mutation { setSupplierOffer(input: { variantId: "x", supplierId: "y", cost: { amount: 1, currency: "USD" } }) { errors { code field } } }',
    );
    expect(offer.data.setSupplierOffer.errors.map((e: { field: string }) => e.field)).toEqual(['variantId', 'supplierId']);
  });

  it('applies every filter operator given (contains and startsWith together) and keeps empty fields for neq', async () => {
    const tag = unique('flt');
    await gql(
      `mutation { createProduct(input: { name: "zzz abc ${tag}", category: "Kitchen", variants: [{ sku: "${unique('F1')}", name: "a", listPrice: { amount: 1, currency: "USD" } }] }) { errors { code } } }`,
    );
    await gql(
      `mutation { createProduct(input: { name: "zzz def ${tag}", variants: [{ sku: "${unique('F2')}", name: "b", listPrice: { amount: 1, currency: "USD" } }] }) { errors { code } } }`,
    );
    const both = await gql(`{ products(filter: { name: { startsWith: "zzz", contains: "def ${tag}" } }) { edges { node { name } } } }`);
    expect(both.data.products.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual([`zzz def ${tag}`]);
    const notKitchen = await gql(`{ products(filter: { name: { contains: "${tag}" }, category: { neq: "Kitchen" } }) { edges { node { name } } } }`);
    expect(notKitchen.data.products.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual([`zzz def ${tag}`]);
  });

  it('refuses a backdated price change that predates the current price', async () => {
    const variant = await createVariant(t, owner.organization, { listPrice: 500 });
    const attempt = t.systemEm().transactional(async (tx) => {
      await describePriceChange(tx, 'too early', new Date('2000-01-01T00:00:00Z'));
      await tx.execute('update product_variants set list_price_amount = 400 where id = ?', [variant.id]);
    });
    await expect(attempt).rejects.toThrow(/predates the current price/);
  });

  it('hides a deleted default supplier, and needs catalog.manage_suppliers to set or filter by one', async () => {
    const supplier = (await gql(`mutation { createSupplier(input: { name: "Temp" }) { supplier { id } } }`)).data.createSupplier.supplier.id;
    const product = (
      await gql(
        `mutation { createProduct(input: { name: "With supplier", defaultSupplierId: "${supplier}", variants: [{ sku: "${unique('DS')}", name: "d", listPrice: { amount: 1, currency: "USD" } }] }) { product { id defaultSupplier { id } } } }`,
      )
    ).data.createProduct.product;
    expect(product.defaultSupplier.id).toBe(supplier);
    await gql(`mutation { deleteSupplier(input: { id: "${supplier}" }) { errors { code } } }`);
    expect((await gql(`{ product(id: "${product.id}") { defaultSupplier { id } } }`)).data.product.defaultSupplier).toBeNull();
    const free = await memberOf(t, { plan: 'free' });
    const create = await gql(
      `mutation { createProduct(input: { name: "x", defaultSupplierId: "${supplier}", variants: [{ sku: "${unique('FR')}", name: "f", listPrice: { amount: 1, currency: "USD" } }] }) { errors { code } } }`,
      free.token,
    );
    expect(create.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', feature: 'catalog.manage_suppliers' });
    const filter = await gql(`{ products(filter: { or: [{ defaultSupplierId: { isNull: false } }] }) { totalCount } }`, free.token);
    expect(filter.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', feature: 'catalog.manage_suppliers' });
    expect((await gql('{ products { totalCount } }', free.token)).errors).toBeUndefined();
  });
});
