import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_READ } from '../../src/db/tenancy.js';
import { OpportunityLine } from '../../src/modules/customers/opportunity.entity.js';
import { SalesOrder } from '../../src/modules/orders/order.entity.js';
import { memberOf, unique } from '../factories/core.js';
import { caller, usd } from '../factories/sales.js';
import { createWarehouse } from '../factories/catalog.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

type Status = 'DRAFT' | 'ACTIVE' | 'ARCHIVED';

describe('what each product status allows', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<typeof memberOf>>;
  let api: ReturnType<typeof caller>;
  let accountId: string;
  let warehouseId: string;
  beforeAll(async () => {
    t = await startTestApp();
    member = await memberOf(t, { plan: 'growth' });
    api = caller(t, member.token);
    accountId = (await api.mutate('createAccount', { name: unique('Customer') }, 'account { id }')).account.id;
    warehouseId = (await createWarehouse(t, member.organization)).id;
  });
  afterAll(() => t.close());

  /** A product through the API (as a user would), with one variant; returns the variant and product IDs. */
  async function product(status?: Status) {
    const { product } = await api.mutate(
      'createProduct',
      { name: unique('Widget'), ...(status ? { status } : {}), variants: [{ sku: unique('W'), name: 'Default', listPrice: usd(1_000) }] },
      'product { id status variants { id sku } }',
    );
    return {
      productId: product.id as string,
      variantId: product.variants[0].id as string,
      sku: product.variants[0].sku as string,
      status: product.status,
    };
  }
  const setStatus = (id: string, status: Status) => api.mutate('updateProduct', { id, status }, 'product { status }');
  const stock = async (mutation: 'receiveStock' | 'adjustStock', variantId: string, quantity: number) =>
    (
      await api.data(
        `mutation ($input: StockMovementInput!) { ${mutation}(input: $input) { stockLevels { onHand } errors { field code message } } }`,
        { input: { variantId, warehouseId, quantity } },
      )
    )[mutation];
  const ordersOf = () => t.systemEm().count(SalesOrder, { organization: member.organization.id }, SYSTEM_READ);

  it('starts a new product as DRAFT', async () => {
    expect((await product()).status).toBe('DRAFT');
  });

  it.each([
    ['DRAFT', 'set the product ACTIVE to sell it'],
    ['ARCHIVED', 'no longer sold'],
  ] as const)('refuses a %s product on new order and opportunity lines, naming the line field and writing nothing', async (status, hint) => {
    const { variantId, sku } = await product(status);
    const before = await ordersOf();
    const order = await api.refused('createOrder', { accountId, lines: [{ variantId, quantity: 1 }] });
    expect(order).toEqual([{ field: 'lines.0.variantId', code: 'INVALID_STATE', message: expect.stringContaining(hint) }]);
    expect(order[0].message).toContain(sku);
    expect(await ordersOf()).toBe(before);
    const opportunity = await api.refused('createOpportunity', { name: 'Deal', accountId, lines: [{ variantId, quantity: 1 }] });
    expect(opportunity).toEqual([{ field: 'lines.0.variantId', code: 'INVALID_STATE', message: expect.stringContaining(hint) }]);
    expect(await t.systemEm().count(OpportunityLine, { variant: variantId }, SYSTEM_READ)).toBe(0);
  });

  it('orders and quotes an ACTIVE product', async () => {
    const { variantId } = await product('ACTIVE');
    const { order } = await api.mutate('createOrder', { accountId, lines: [{ variantId, quantity: 2 }] }, 'order { total { amount } }');
    expect(order.total.amount).toBe(2_000);
    const { opportunity } = await api.mutate(
      'createOpportunity',
      { name: 'Deal', accountId, lines: [{ variantId, quantity: 3 }] },
      'opportunity { amount { amount } }',
    );
    expect(opportunity.amount.amount).toBe(3_000);
  });

  it.each([
    ['DRAFT', true],
    ['ACTIVE', true],
    ['ARCHIVED', false],
  ] as const)('%s product: receiving stock allowed = %s', async (status, allowed) => {
    const { variantId } = await product(status);
    const received = await stock('receiveStock', variantId, 5);
    if (allowed) expect(received).toEqual({ stockLevels: [{ onHand: 5 }], errors: [] });
    else expect(received.errors).toEqual([{ field: 'variantId', code: 'INVALID_STATE', message: expect.stringContaining('ARCHIVED') }]);
  });

  it('lets an order that already has a product go on after it is archived, and refuses it on new orders and lines', async () => {
    const kept = await product('ACTIVE');
    const other = await product('ACTIVE');
    expect((await stock('receiveStock', kept.variantId, 10)).errors).toEqual([]);
    const { order } = await api.mutate(
      'createOrder',
      { accountId, warehouseId, lines: [{ variantId: kept.variantId, quantity: 4 }] },
      'order { id }',
    );
    await setStatus(kept.productId, 'ARCHIVED');
    await setStatus(other.productId, 'ARCHIVED');

    // Editing the draft order keeps its archived line; adding another archived product is refused.
    const edited = await api.mutate(
      'updateOrder',
      { id: order.id, lines: [{ variantId: kept.variantId, quantity: 3 }] },
      'order { lines { quantity } }',
    );
    expect(edited.order.lines).toEqual([{ quantity: 3 }]);
    const added = await api.refused('updateOrder', {
      id: order.id,
      lines: [
        { variantId: kept.variantId, quantity: 3 },
        { variantId: other.variantId, quantity: 1 },
      ],
    });
    expect(added).toEqual([expect.objectContaining({ field: 'lines.1.variantId', code: 'INVALID_STATE' })]);
    const confirmed = await api.mutate('confirmOrder', { id: order.id }, 'order { status }');
    expect(confirmed.order.status).toBe('CONFIRMED');
    // Stock of an archived product can still be counted down (adjustments), just not bought in.
    expect((await stock('adjustStock', kept.variantId, -1)).errors).toEqual([]);
    expect((await api.refused('createOrder', { accountId, lines: [{ variantId: kept.variantId, quantity: 1 }] }))[0]).toMatchObject({
      field: 'lines.0.variantId',
      code: 'INVALID_STATE',
    });
  });

  it('keeps an archived product on an opportunity being edited, but does not turn it into a new order', async () => {
    const kept = await product('ACTIVE');
    const { opportunity } = await api.mutate(
      'createOpportunity',
      { name: 'Deal', accountId, lines: [{ variantId: kept.variantId, quantity: 2 }] },
      'opportunity { id }',
    );
    await setStatus(kept.productId, 'ARCHIVED');
    const edited = await api.mutate(
      'updateOpportunity',
      { id: opportunity.id, lines: [{ variantId: kept.variantId, quantity: 5 }] },
      'opportunity { amount { amount } }',
    );
    expect(edited.opportunity.amount.amount).toBe(5_000);
    const before = await ordersOf();
    expect(await api.refused('createOrderFromOpportunity', { opportunityId: opportunity.id })).toEqual([
      expect.objectContaining({ field: 'lines.0.variantId', code: 'INVALID_STATE' }),
    ]);
    expect(await ordersOf()).toBe(before);
    // Set ACTIVE again, it sells again.
    await setStatus(kept.productId, 'ACTIVE');
    const { order } = await api.mutate('createOrderFromOpportunity', { opportunityId: opportunity.id }, 'order { total { amount } }');
    expect(order.total.amount).toBe(5_000);
  });

  it('refuses an inactive variant of an ACTIVE product on new lines', async () => {
    const { variantId } = await product('ACTIVE');
    await api.mutate('updateProductVariant', { id: variantId, active: false }, 'productVariant { id }');
    for (const [mutation, extra] of [
      ['createOrder', {}],
      ['createOpportunity', { name: 'Deal' }],
    ] as const)
      expect((await api.refused(mutation, { ...extra, accountId, lines: [{ variantId, quantity: 1 }] }))[0]).toMatchObject({
        field: 'lines.0.variantId',
        code: 'INVALID_STATE',
        message: expect.stringContaining('inactive'),
      });
  });
});
