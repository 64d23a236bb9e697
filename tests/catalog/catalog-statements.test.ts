import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberOf, unique } from '../factories/core.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

const PAGE = `query ($first: Int!) {
  products(first: $first) {
    totalCount
    edges { node { id name defaultSupplier { name } variants { sku listPrice { amount } stockLevels { onHand available warehouse { code } } offers { cost { amount } supplier { name } } } } }
  }
}`;

describe('catalog statement counts', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof memberOf>>;
  beforeAll(async () => {
    t = await startTestApp();
    owner = await memberOf(t, { plan: 'growth' });
  });
  afterAll(() => t.close());

  async function addProducts(count: number, supplier: string, warehouses: string[]) {
    const gql = (q: string) => t.gql(q, { token: owner.token });
    for (let i = 0; i < count; i++) {
      const sku = unique('N1').toUpperCase();
      const res = await gql(
        `mutation { createProduct(input: { name: "${sku}", defaultSupplierId: "${supplier}", variants: [{ sku: "${sku}-A", name: "A", listPrice: { amount: 100, currency: "USD" } }, { sku: "${sku}-B", name: "B", listPrice: { amount: 200, currency: "USD" } }] }) { product { variants { id } } } }`,
      );
      for (const { id } of res.data.createProduct.product.variants) {
        for (const warehouse of warehouses)
          await gql(`mutation { receiveStock(input: { variantId: "${id}", warehouseId: "${warehouse}", quantity: 3 }) { errors { code } } }`);
        await gql(
          `mutation { setSupplierOffer(input: { variantId: "${id}", supplierId: "${supplier}", cost: { amount: 50, currency: "USD" } }) { errors { code } } }`,
        );
      }
    }
  }

  it('reads a page of 50 products with variants, stock levels, warehouses and suppliers in a constant number of statements', async () => {
    const gql = (q: string) => t.gql(q, { token: owner.token });
    const supplier = (await gql(`mutation { createSupplier(input: { name: "Acme" }) { supplier { id } } }`)).data.createSupplier.supplier.id;
    const warehouses = [];
    for (const code of ['N1-A', 'N1-B'])
      warehouses.push(
        (await gql(`mutation { createWarehouse(input: { name: "${code}", code: "${code}" }) { warehouse { id } } }`)).data.createWarehouse.warehouse
          .id,
      );
    await addProducts(3, supplier, warehouses);
    await gql('{ me { id } }');
    const small = await t.counter.measure(() => t.gql(PAGE, { variables: { first: 50 }, token: owner.token }));
    expect(small.result.errors).toBeUndefined();
    expect(small.result.data.products.edges).toHaveLength(3);
    await addProducts(47, supplier, warehouses);
    const large = await t.counter.measure(() => t.gql(PAGE, { variables: { first: 50 }, token: owner.token }));
    expect(large.result.data.products.edges).toHaveLength(50);
    expect(large.result.data.products.edges[49].node.variants[1].stockLevels).toHaveLength(2);
    expect(large.count).toBe(small.count);
    console.info(`statements for a page of 50 products with variants, stock levels, warehouses and suppliers: ${large.count}`);
  }, 120_000);

  it('answers a product with its variants in one statement (4 in all), live variants by SKU as the list gives them', async () => {
    const gql = (q: string, variables?: Record<string, unknown>) => t.gql(q, { token: owner.token, variables });
    const sku = unique('LK').toUpperCase();
    const created = await gql(
      `mutation { createProduct(input: { name: "${sku}", variants: [{ sku: "${sku}-C", name: "C", listPrice: { amount: 300, currency: "USD" } }, { sku: "${sku}-A", name: "A", listPrice: { amount: 100, currency: "USD" } }, { sku: "${sku}-B", name: "B", listPrice: { amount: 200, currency: "USD" } }] }) { product { id variants { id sku } } } }`,
    );
    const product = created.data.createProduct.product;
    const gone = product.variants.find((v: { sku: string }) => v.sku === `${sku}-B`).id;
    await gql(`mutation ($id: ID!) { deleteProductVariant(input: { id: $id }) { errors { code } } }`, { id: gone });
    const LOOKUP = 'query ($id: ID!) { product(id: $id) { id name variants { sku listPrice { amount } } } }';
    await gql(LOOKUP, { id: product.id });
    const { result, count, statements } = await t.counter.measure(() => gql(LOOKUP, { id: product.id }));
    expect(result.data.product.variants.map((v: { sku: string }) => v.sku)).toEqual([`${sku}-A`, `${sku}-C`]);
    expect(count, statements.join('\n')).toBe(4);
    const listed = await gql(
      `query { products(first: 100, filter: { search: "${sku}" }) { edges { node { id variants { sku listPrice { amount } } } } } }`,
    );
    const inList = listed.data.products.edges.find((e: { node: { id: string } }) => e.node.id === product.id);
    if (inList) expect(inList.node.variants).toEqual(result.data.product.variants);
    const unknown = await gql(LOOKUP, { id: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
