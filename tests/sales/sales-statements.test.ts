import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVariant } from '../factories/catalog.js';
import { memberOf, unique } from '../factories/core.js';
import { caller, stockedVariant } from '../factories/sales.js';
import { OpportunitiesPageDocument } from '../generated/graphql.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

describe('sales statement counts', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof memberOf>>;
  beforeAll(async () => {
    t = await startTestApp();
    owner = await memberOf(t);
  });
  afterAll(() => t.close());

  async function addOpportunities(count: number, variants: string[]) {
    const api = caller(t, owner.token);
    for (let i = 0; i < count; i++) {
      const account = (await api.mutate('createAccount', { name: unique('Acct'), industry: 'Retail' }, 'account { id }')).account.id;
      const contact = (
        await api.mutate('createContact', { firstName: unique('C'), email: `${unique('c')}@x.example`, accountId: account }, 'contact { id }')
      ).contact.id;
      await api.mutate(
        'createOpportunity',
        {
          name: unique('Deal'),
          accountId: account,
          primaryContactId: contact,
          lines: variants.map((variantId, q) => ({ variantId, quantity: q + 1 })),
        },
        'opportunity { id }',
      );
    }
  }

  it('reads a page of 50 opportunities with account, owner, primary contact and lines in a constant number of statements', async () => {
    const variants = [];
    for (let i = 0; i < 3; i++) variants.push((await createVariant(t, owner.organization)).id);
    await addOpportunities(3, variants);
    const small = await t.counter.measure(() => t.op(OpportunitiesPageDocument, { variables: { first: 50 }, token: owner.token }));
    expect(small.result.errors).toBeUndefined();
    expect(small.result.data.opportunities.edges).toHaveLength(3);
    await addOpportunities(47, variants);
    const large = await t.counter.measure(() => t.op(OpportunitiesPageDocument, { variables: { first: 50 }, token: owner.token }));
    expect(large.result.errors).toBeUndefined();
    const edges = large.result.data.opportunities.edges;
    expect(large.result.data.opportunities.pageInfo.hasNextPage).toBe(false);
    expect(edges).toHaveLength(50);
    expect(edges[49].node.lines).toHaveLength(3);
    expect(edges[49].node.primaryContact?.email).toMatch(/@x\.example$/);
    expect(large.count).toBe(small.count);
    // begin, context, the page with account, owner and stage joined, its count, lines with variants, commit
    expect(large.count).toBeLessThanOrEqual(6);
    console.info(`statements for a page of 50 opportunities with account, owner, primary contact and lines: ${large.count}`);
  }, 120_000);

  it('reads a page of 50 orders with account, lines, variants, shipments and invoices in a constant number of statements', async () => {
    const api = caller(t, owner.token);
    const { variant, warehouseId } = await stockedVariant(t, owner, 1_000);
    const account = (await api.mutate('createAccount', { name: unique('Buyer') }, 'account { id }')).account.id;
    const addOrders = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const { order } = await api.mutate(
          'createOrder',
          {
            accountId: account,
            warehouseId,
            lines: [
              { variantId: variant.id, quantity: 2 },
              { variantId: variant.id, quantity: 1 },
            ],
          },
          'order { id lines { id } }',
        );
        await api.mutate('confirmOrder', { id: order.id }, 'order { id }');
        await api.mutate('createShipment', { orderId: order.id, lines: [{ orderLineId: order.lines[0].id, quantity: 1 }] }, 'shipment { id }');
        await api.mutate('createInvoice', { orderId: order.id, basis: 'FULFILLED', issue: true }, 'invoice { id }');
      }
    };
    const ORDERS = `query ($first: Int!) { orders(first: $first) { totalCount edges { node { number status total { amount } account { name }
      lines { sku quantity quantityShipped variant { sku } } shipments { trackingNumber lines { quantity orderLine { sku } } }
      invoices { number status balance { amount } lines { quantity } payments { id } } } } } }`;
    await addOrders(2);
    const small = await t.counter.measure(() => t.gql(ORDERS, { variables: { first: 50 }, token: owner.token }));
    expect(small.result.errors).toBeUndefined();
    await addOrders(48);
    const large = await t.counter.measure(() => t.gql(ORDERS, { variables: { first: 50 }, token: owner.token }));
    expect(large.result.errors).toBeUndefined();
    expect(large.result.data.orders.edges).toHaveLength(50);
    expect(large.result.data.orders.edges[49].node.invoices[0].lines).toHaveLength(1);
    expect(large.count).toBe(small.count);
    console.info(`statements for a page of 50 orders with lines, shipments and invoices: ${large.count}`);
  }, 180_000);

  it('reads a page of accounts with a page of each timeline and its total in a constant number of statements', async () => {
    const api = caller(t, owner.token);
    const TIMELINES = `query { accounts(first: 20, filter: { industry: { eq: "Timelines" } }) { edges { node { name
      timeline(first: 3) { totalCount pageInfo { hasNextPage } edges { node { kind } } } } } } }`;
    const addAccounts = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const id = (await api.mutate('createAccount', { name: unique('TL'), industry: 'Timelines' }, 'account { id }')).account.id;
        await api.mutate('createActivity', { type: 'NOTE', subject: 'Hello', accountId: id }, 'activity { id }');
        await api.mutate('updateAccount', { id, tags: ['seen'] }, 'account { id }');
      }
    };
    await addAccounts(2);
    const small = await t.counter.measure(() => t.gql(TIMELINES, { token: owner.token }));
    expect(small.result.errors).toBeUndefined();
    await addAccounts(18);
    const large = await t.counter.measure(() => t.gql(TIMELINES, { token: owner.token }));
    expect(large.result.errors).toBeUndefined();
    const edges = large.result.data.accounts.edges;
    expect(edges).toHaveLength(20);
    expect(edges[19].node.timeline).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: false } });
    expect(large.count).toBe(small.count);
    console.info(`statements for a page of 20 accounts with a timeline page and total each: ${large.count}`);
  }, 120_000);
});
