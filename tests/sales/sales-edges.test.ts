import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_READ } from '../../src/db/tenancy.js';
import { StockLevel } from '../../src/modules/catalog/stock-level.entity.js';
import { Lead } from '../../src/modules/customers/lead.entity.js';
import { createVariant } from '../factories/catalog.js';
import { memberOf, unique } from '../factories/core.js';
import { caller, nodesOf, stockedVariant, usd } from '../factories/sales.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

describe('sales edge cases', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<typeof memberOf>>;
  let api: ReturnType<typeof caller>;
  let accountId: string;
  beforeAll(async () => {
    t = await startTestApp();
    member = await memberOf(t, { plan: 'growth' });
    api = caller(t, member.token);
    accountId = (await api.mutate('createAccount', { name: 'Edge' }, 'account { id }')).account.id;
  });
  afterAll(() => t.close());

  async function confirmed(lines: Record<string, unknown>[], extra: Record<string, unknown> = {}, stock = 100) {
    const { variant, warehouseId } = await stockedVariant(t, member, stock, { listPrice: (extra.listPrice as number) ?? 333 });
    const { listPrice: _, ...rest } = extra;
    const { order } = await api.mutate(
      'createOrder',
      { accountId, warehouseId, lines: lines.map((l) => ({ variantId: variant.id, ...l })), ...rest },
      'order { id total { amount } subtotal { amount } discountTotal { amount } taxTotal { amount } lines { id } }',
    );
    await api.mutate('confirmOrder', { id: order.id }, 'order { id }');
    return { order, variant, warehouseId };
  }

  const invoiceTotals = async (orderId: string) =>
    (
      await api.data(
        `{ order(id: "${orderId}") { invoices { status total { amount } subtotal { amount } taxTotal { amount } discountTotal { amount } } } }`,
      )
    ).order.invoices;

  it('re-invoices voided units at the voided amounts, so live invoices still add up to the order', async () => {
    const { order } = await confirmed([{ quantity: 7, discountBps: 1_250 }], { taxRateBps: 1_900, discount: usd(101) });
    await api.mutate('createShipment', { orderId: order.id, lines: [{ orderLineId: order.lines[0].id, quantity: 2 }] }, 'shipment { id }');
    const first = await api.mutate('createInvoice', { orderId: order.id, basis: 'FULFILLED', issue: true }, 'invoice { id }');
    await api.mutate('createInvoice', { orderId: order.id, issue: true }, 'invoice { id }');
    await api.mutate('voidInvoice', { id: first.invoice.id, reason: 'Wrong' }, 'invoice { id }');
    await api.mutate('createInvoice', { orderId: order.id, issue: true }, 'invoice { id }');
    const live = (await invoiceTotals(order.id)).filter((i: { status: string }) => i.status !== 'VOID');
    for (const key of ['total', 'subtotal', 'taxTotal', 'discountTotal'])
      expect(
        live.reduce((s: number, i: Record<string, { amount: number }>) => s + i[key].amount, 0),
        key,
      ).toBe(order[key].amount);
  });

  it('never bills a negative amount for part of a heavily discounted line', async () => {
    const { order } = await confirmed([{ quantity: 2, discountBps: 5_000 }], { listPrice: 199, discount: usd(199) });
    expect(order.total.amount).toBe(0);
    await api.mutate('createShipment', { orderId: order.id, lines: [{ orderLineId: order.lines[0].id, quantity: 1 }] }, 'shipment { id }');
    const { invoice } = await api.mutate(
      'createInvoice',
      { orderId: order.id, basis: 'FULFILLED' },
      'invoice { total { amount } lines { total { amount } discount { amount } } }',
    );
    expect(invoice.total.amount).toBe(0);
    expect(invoice.lines[0].total.amount).toBeGreaterThanOrEqual(0);
    for (const split of [1, 2, 3]) {
      const { order: o } = await confirmed([{ quantity: 7, discountBps: 6_667 }], { listPrice: 3, discount: usd(2), taxRateBps: 333 });
      await api.mutate('createShipment', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: split }] }, 'shipment { id }');
      const part = await api.mutate(
        'createInvoice',
        { orderId: o.id, basis: 'FULFILLED' },
        'invoice { total { amount } discount: discountTotal { amount } tax: taxTotal { amount } }',
      );
      expect(Math.min(part.invoice.total.amount, part.invoice.discount.amount, part.invoice.tax.amount)).toBeGreaterThanOrEqual(0);
    }
  });

  it('cancels a partly shipped order whose shipped part is invoiced and paid, releasing the rest', async () => {
    const { order, variant, warehouseId } = await confirmed([{ quantity: 5 }], {}, 10);
    await api.mutate('createShipment', { orderId: order.id, lines: [{ orderLineId: order.lines[0].id, quantity: 2 }] }, 'shipment { id }');
    const { invoice } = await api.mutate('createInvoice', { orderId: order.id, basis: 'FULFILLED', issue: true }, 'invoice { id total { amount } }');
    await api.mutate('recordPayment', { invoiceId: invoice.id, amount: usd(invoice.total.amount), method: 'CASH' }, 'payment { id }');
    const cancelled = await api.mutate('cancelOrder', { id: order.id }, 'order { status }');
    expect(cancelled.order.status).toBe('CANCELLED');
    const level = await t.systemEm().findOneOrFail(StockLevel, { variant: variant.id, warehouse: warehouseId }, SYSTEM_READ);
    expect(level).toMatchObject({ onHand: 8, reserved: 0 });
    // An invoice for units not shipped still blocks cancelling.
    const { order: other } = await confirmed([{ quantity: 3 }]);
    await api.mutate('createInvoice', { orderId: other.id, issue: true }, 'invoice { id }');
    expect((await api.refused('cancelOrder', { id: other.id }))[0].code).toBe('INVALID_STATE');
  });

  it("keeps a line's own tax rate (even 0%) when the order's rate changes", async () => {
    const variant = await createVariant(t, member.organization, { listPrice: 1_000 });
    const { order } = await api.mutate(
      'createOrder',
      {
        accountId,
        taxRateBps: 2_000,
        lines: [
          { variantId: variant.id, quantity: 1, taxRateBps: 0 },
          { variantId: variant.id, quantity: 1 },
        ],
      },
      'order { id }',
    );
    const updated = await api.mutate(
      'updateOrder',
      { id: order.id, taxRateBps: 1_000 },
      'order { taxTotal { amount } lines { taxRateBps taxRateFromOrder } }',
    );
    expect(updated.order.lines).toEqual([
      { taxRateBps: 0, taxRateFromOrder: false },
      { taxRateBps: 1_000, taxRateFromOrder: true },
    ]);
    expect(updated.order.taxTotal.amount).toBe(100);
  });

  it('refuses amounts that would overflow, inactive variants and impossible dates with clear errors', async () => {
    const variant = await createVariant(t, member.organization);
    const huge = await api.refused('createOrder', {
      accountId,
      lines: Array.from({ length: 100 }, () => ({
        variantId: variant.id,
        quantity: 1_000_000,
        unitPrice: usd(1_000_000_000),
        priceOverrideReason: 'big',
      })),
    });
    expect(huge[0]).toMatchObject({ field: 'lines', code: 'INVALID' });
    const price = await api.refused('createOrder', {
      accountId,
      lines: [{ variantId: variant.id, quantity: 1, unitPrice: usd(9_007_199_254_740_991), priceOverrideReason: 'x' }],
    });
    expect(price[0]).toMatchObject({ field: 'lines.0.unitPrice.amount', code: 'INVALID' });
    const opp = await api.refused('createOpportunity', {
      name: 'x',
      accountId,
      lines: [{ variantId: variant.id, quantity: 2_000_000_000, unitPrice: usd(10_000_000) }],
    });
    expect(opp.map((e) => e.field)).toContain('lines.0.quantity');
    const date = await api.refused('createOpportunity', { name: 'x', accountId, expectedCloseDate: '0000-01-01' });
    expect(date[0]).toMatchObject({ field: 'expectedCloseDate', code: 'INVALID' });
    const roles = await api.refused('createOpportunity', {
      name: 'x',
      accountId,
      contactRoles: Array.from({ length: 500 }, () => ({ contactId: '00000000-0000-4000-8000-000000000000', role: 'r' })),
    });
    expect(roles).toEqual([expect.objectContaining({ field: 'contactRoles', code: 'INVALID' })]);
    const inactive = await createVariant(t, member.organization);
    await api.mutate('updateProductVariant', { id: inactive.id, active: false }, 'productVariant { id }');
    expect((await api.refused('createOrder', { accountId, lines: [{ variantId: inactive.id, quantity: 1 }] }))[0]).toMatchObject({
      field: 'lines.0.variantId',
      code: 'INVALID_STATE',
    });
    const upper = await api.mutate(
      'createOrder',
      { accountId, lines: [{ variantId: variant.id.toUpperCase(), quantity: 1 }] },
      'order { lines { sku } }',
    );
    expect(upper.order.lines[0].sku).toBe(variant.sku);
  });

  it('refuses deleting a pipeline opportunities have been in, and changing win/close flags of a stage in use', async () => {
    const { pipeline } = await api.mutate(
      'createPipeline',
      {
        name: unique('Hist'),
        stages: [
          { name: 'A', probability: 10 },
          { name: 'B', probability: 50 },
        ],
      },
      'pipeline { id stages { id } }',
    );
    const { opportunity } = await api.mutate('createOpportunity', { name: 'Moved', accountId, pipelineId: pipeline.id }, 'opportunity { id }');
    expect((await api.refused('updatePipelineStage', { id: pipeline.stages[0].id, isWon: true }))[0]).toMatchObject({ code: 'IN_USE' });
    await api.mutate('updatePipelineStage', { id: pipeline.stages[1].id, isClosed: true }, 'stage { isClosed }');
    const pipelines = nodesOf((await api.data('{ pipelines { edges { node { isDefault stages { id } } } } }')).pipelines);
    await api.mutate(
      'updateOpportunity',
      { id: opportunity.id, stageId: pipelines.find((p: { isDefault: boolean }) => p.isDefault).stages[0].id },
      'opportunity { id }',
    );
    expect((await api.refused('deletePipeline', { id: pipeline.id }))[0]).toMatchObject({ code: 'IN_USE' });
  });

  it('serialises concurrent stage moves, so the history forms a chain', async () => {
    const pipelines = nodesOf((await api.data('{ pipelines { edges { node { isDefault stages { id name } } } } }')).pipelines);
    const stages = pipelines.find((p: { isDefault: boolean }) => p.isDefault).stages;
    const { opportunity } = await api.mutate('createOpportunity', { name: 'Race', accountId }, 'opportunity { id }');
    await Promise.all(
      stages.slice(1, 4).map((s: { id: string }) => api.mutate('updateOpportunity', { id: opportunity.id, stageId: s.id }, 'opportunity { id }')),
    );
    const { opportunity: read } = await api.data(
      `{ opportunity(id: "${opportunity.id}") { stage { name } stageHistory { fromStage { name } toStage { name } } } }`,
    );
    const history = read.stageHistory;
    for (let i = 1; i < history.length; i++) expect(history[i].fromStage.name).toBe(history[i - 1].toStage.name);
    expect(history.at(-1).toStage.name).toBe(read.stage.name);
  });

  it('lets a conversion and an update of the same lead race without a mixed result', async () => {
    const { lead } = await api.mutate('createLead', { firstName: 'Racer', company: unique('Race Co') }, 'lead { id }');
    await Promise.all([
      api.gql('mutation ($id: ID!) { convertLead(input: { leadId: $id }) { errors { code } } }', { id: lead.id }),
      api.gql('mutation ($id: ID!) { updateLead(input: { id: $id, status: DISQUALIFIED }) { errors { code } } }', { id: lead.id }),
    ]);
    const stored = await t.systemEm().findOneOrFail(Lead, { id: lead.id }, SYSTEM_READ);
    if (stored.status === 'converted') expect(stored.convertedAccount).not.toBeNull();
    else expect(stored).toMatchObject({ status: 'disqualified', convertedAccount: null, convertedAt: null });
  });

  it('shows each mutation its own writes when one operation holds several', async () => {
    const { variant, warehouseId } = await stockedVariant(t, member, 10, { listPrice: 500 });
    const { order } = await api.mutate('createOrder', { accountId, warehouseId, lines: [{ variantId: variant.id, quantity: 1 }] }, 'order { id }');
    const both = await api.data(
      `mutation ($id: ID!, $v: ID!) {
        a: updateOrder(input: { id: $id, lines: [{ variantId: $v, quantity: 2 }] }) { order { total { amount } lines { quantity } } errors { code } }
        b: updateOrder(input: { id: $id, lines: [{ variantId: $v, quantity: 3 }] }) { order { total { amount } lines { quantity } } errors { code } }
      }`,
      { id: order.id, v: variant.id },
    );
    expect(both.a.order).toEqual({ total: { amount: 1_000 }, lines: [{ quantity: 2 }] });
    expect(both.b.order).toEqual({ total: { amount: 1_500 }, lines: [{ quantity: 3 }] });
  });

  it('compares IDs in their canonical form: an upper-case duplicate contact is refused, not a 500', async () => {
    const contactId = (await api.mutate('createContact', { firstName: 'Case', accountId }, 'contact { id }')).contact.id as string;
    const errors = await api.refused('createOpportunity', {
      name: 'Case',
      accountId,
      contactRoles: [
        { contactId, role: 'Buyer' },
        { contactId: contactId.toUpperCase(), role: 'Champion' },
      ],
    });
    expect(errors).toEqual([{ field: 'contactRoles.1.contactId', code: 'ALREADY_EXISTS', message: 'A contact is listed twice' }]);
    const pipelines = nodesOf((await api.data('{ pipelines { edges { node { id stages { id name } } } } }')).pipelines);
    const [pipeline] = pipelines;
    const { opportunity } = await api.mutate(
      'createOpportunity',
      { name: 'Upper stage', accountId, pipelineId: pipeline.id.toUpperCase(), stageId: pipeline.stages[2].id.toUpperCase() },
      'opportunity { stage { name } }',
    );
    expect(opportunity.stage.name).toBe(pipeline.stages[2].name);
  });

  it('keeps the lines of an order whose notes alone change, and re-prices them when the order discount changes', async () => {
    const { variant, warehouseId } = await stockedVariant(t, member, 10, { listPrice: 500 });
    const { order } = await api.mutate(
      'createOrder',
      { accountId, warehouseId, lines: [{ variantId: variant.id, quantity: 2 }] },
      'order { id lines { id } }',
    );
    const noted = await api.mutate('updateOrder', { id: order.id, notes: 'Call first' }, 'order { notes total { amount } lines { id } }');
    expect(noted.order).toEqual({ notes: 'Call first', total: { amount: 1_000 }, lines: order.lines });
    const discounted = await api.mutate('updateOrder', { id: order.id, discount: usd(100) }, 'order { total { amount } lines { id } }');
    expect(discounted.order.total.amount).toBe(900);
  });
});
