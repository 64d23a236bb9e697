import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_READ } from '../../src/db/tenancy.js';
import { StockLevel } from '../../src/modules/catalog/stock-level.entity.js';
import { SalesOrder } from '../../src/modules/orders/order.entity.js';
import { createVariant } from '../factories/catalog.js';
import { memberOf, unique } from '../factories/core.js';
import { caller, stockedVariant, usd } from '../factories/sales.js';
import { CreateOrderDocument } from '../generated/graphql.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

const ORDER = `order { id number status currency warehouse { id } subtotal { amount } discountTotal { amount } taxTotal { amount } total { amount }
  lines { id position sku quantity quantityShipped unitPrice { amount } listPrice { amount } priceOverrideReason subtotal { amount } discount { amount } tax { amount } total { amount } } }`;

describe('orders and fulfillment', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<typeof memberOf>>;
  let api: ReturnType<typeof caller>;
  let accountId: string;
  beforeAll(async () => {
    t = await startTestApp();
    member = await memberOf(t, { plan: 'growth' });
    api = caller(t, member.token);
    accountId = (await api.mutate('createAccount', { name: 'Customer' }, 'account { id }')).account.id;
  });
  afterAll(() => t.close());

  const level = (variantId: string, warehouseId: string) =>
    t.systemEm().findOneOrFail(StockLevel, { variant: variantId, warehouse: warehouseId }, { ...SYSTEM_READ, refresh: true });

  /** Stock levels equal the sum of their ledger, for the whole organization. */
  async function expectLedgerConsistent() {
    const drift = await t.systemEm().execute(
      `select l.variant_id from stock_levels l
       left join (select variant_id, warehouse_id, sum(on_hand_delta) as on_hand, sum(reserved_delta) as reserved from stock_movements group by 1, 2) m
         on m.variant_id = l.variant_id and m.warehouse_id = l.warehouse_id
       where l.organization_id = ? and (l.on_hand <> coalesce(m.on_hand, 0) or l.reserved <> coalesce(m.reserved, 0))`,
      [member.organization.id],
    );
    expect(drift).toEqual([]);
  }

  it('prices lines from the catalog, needs a reason to override, and computes totals to the cent', async () => {
    const a = await createVariant(t, member.organization, { listPrice: 1_999 });
    const b = await createVariant(t, member.organization, { listPrice: 4_999 });
    const noReason = await api.refused('createOrder', { accountId, lines: [{ variantId: b.id, quantity: 1, unitPrice: usd(4_500) }] });
    expect(noReason).toEqual([
      { field: 'lines.0.priceOverrideReason', code: 'REQUIRED', message: `Give a reason for pricing ${b.sku} at 45.00 USD instead of 49.99 USD` },
    ]);
    const { order } = await api.mutate(
      'createOrder',
      {
        accountId,
        discount: usd(1_000),
        taxRateBps: 700,
        lines: [
          { variantId: a.id, quantity: 3, discountBps: 1_000, taxRateBps: 2_000 },
          { variantId: b.id, quantity: 1, unitPrice: usd(4_999), priceOverrideReason: 'ignored: same as list' },
        ],
      },
      ORDER,
    );
    expect(order).toMatchObject({ status: 'DRAFT', currency: 'USD', subtotal: { amount: 10_996 }, discountTotal: { amount: 1_600 } });
    expect(order.taxTotal.amount).toBe(1_292);
    expect(order.total.amount).toBe(10_688);
    expect(order.number).toMatch(/^SO-\d{6}$/);
    expect(order.lines[0]).toMatchObject({
      unitPrice: { amount: 1_999 },
      subtotal: { amount: 5_997 },
      discount: { amount: 1_119 },
      tax: { amount: 976 },
      total: { amount: 5_854 },
    });
    expect(order.lines[1]).toMatchObject({ unitPrice: { amount: 4_999 }, priceOverrideReason: null, tax: { amount: 316 } });
    const sum = (key: string) => order.lines.reduce((s: number, l: Record<string, { amount: number }>) => s + l[key].amount, 0);
    expect([sum('subtotal'), sum('discount'), sum('tax'), sum('total')]).toEqual([10_996, 1_600, 1_292, 10_688]);

    const overridden = await api.mutate(
      'updateOrder',
      { id: order.id, lines: [{ variantId: b.id, quantity: 2, unitPrice: usd(4_500), priceOverrideReason: 'Loyalty price' }], discount: usd(0) },
      ORDER,
    );
    expect(overridden.order.lines).toEqual([
      expect.objectContaining({
        unitPrice: { amount: 4_500 },
        listPrice: { amount: 4_999 },
        priceOverrideReason: 'Loyalty price',
        subtotal: { amount: 9_000 },
      }),
    ]);
    expect(overridden.order.total.amount).toBe(9_000 + 630);
    expect(await api.refused('updateOrder', { id: order.id, discount: usd(9_001) })).toEqual([
      { field: 'discount.amount', code: 'INVALID', message: 'The order discount exceeds what the discounted lines leave (90.00 USD)' },
    ]);
  });

  it('refuses variants in another currency than the order', async () => {
    const dollars = await createVariant(t, member.organization);
    const eur = await createVariant(t, member.organization, { currency: 'EUR' });
    const errors = await api.refused('createOrder', {
      accountId,
      lines: [
        { variantId: dollars.id, quantity: 1 },
        { variantId: eur.id, quantity: 1 },
      ],
    });
    expect(errors).toEqual([expect.objectContaining({ field: 'lines.1.variantId', code: 'CURRENCY_MISMATCH' })]);
  });

  it("refuses money in another currency than the order's and currencies outside ISO 4217, writing nothing", async () => {
    const dollars = await createVariant(t, member.organization, { listPrice: 1_000 });
    const before = await t.systemEm().count(SalesOrder, {}, SYSTEM_READ);
    const mismatched = await api.refused('createOrder', {
      accountId,
      discount: { amount: 100, currency: 'EUR' },
      lines: [{ variantId: dollars.id, quantity: 1, unitPrice: { amount: 900, currency: 'GBP' }, priceOverrideReason: 'Deal' }],
    });
    expect(mismatched).toEqual([
      { field: 'lines.0.unitPrice.currency', code: 'CURRENCY_MISMATCH', message: 'lines.0.unitPrice is in GBP, the order in USD' },
      { field: 'discount.currency', code: 'CURRENCY_MISMATCH', message: 'discount is in EUR, the order in USD' },
    ]);
    const unknown = await api.refused('createOrder', {
      accountId,
      currency: 'XYZ',
      lines: [{ variantId: dollars.id, quantity: 1, unitPrice: { amount: 900, currency: 'usd' }, priceOverrideReason: 'Deal' }],
    });
    expect(unknown).toEqual([
      { field: 'currency', code: 'INVALID', message: 'currency must be an ISO 4217 currency code like "USD"' },
      { field: 'lines.0.unitPrice.currency', code: 'INVALID', message: 'lines.0.unitPrice.currency must be an ISO 4217 currency code like "USD"' },
    ]);
    expect(await t.systemEm().count(SalesOrder, {}, SYSTEM_READ)).toBe(before);
  });

  it('reserves all stock on confirmation, or none, naming every short line', async () => {
    const plenty = await stockedVariant(t, member, 10);
    const { variant: short1 } = await stockedVariant(t, member, 1, {}, plenty.warehouseId);
    const { variant: short2 } = await stockedVariant(t, member, 0, {}, plenty.warehouseId);
    const { order } = await api.mutate(
      'createOrder',
      {
        accountId,
        warehouseId: plenty.warehouseId,
        lines: [
          { variantId: plenty.variant.id, quantity: 4 },
          { variantId: short1.id, quantity: 2 },
          { variantId: short2.id, quantity: 1 },
        ],
      },
      'order { id }',
    );
    const errors = await api.refused('confirmOrder', { id: order.id });
    expect(errors.map((e) => `${e.field}:${e.code}`)).toEqual(['lines.1:INSUFFICIENT_STOCK', 'lines.2:INSUFFICIENT_STOCK']);
    expect(errors[0].message).toContain(short1.sku);
    expect(await level(plenty.variant.id, plenty.warehouseId)).toMatchObject({ onHand: 10, reserved: 0 });
    expect((await t.systemEm().findOneOrFail(SalesOrder, { id: order.id }, SYSTEM_READ)).status).toBe('draft');
    await expectLedgerConsistent();
  });

  it('reserves on confirm, ships partially then fully, refuses over-shipping, and keeps the ledger consistent', async () => {
    const { variant, warehouseId } = await stockedVariant(t, member, 10);
    const { order } = await api.mutate(
      'createOrder',
      {
        accountId,
        warehouseId,
        lines: [
          { variantId: variant.id, quantity: 2 },
          { variantId: variant.id, quantity: 3 },
        ],
      },
      ORDER,
    );
    const confirmed = await api.mutate('confirmOrder', { id: order.id }, 'order { status confirmedAt }');
    expect(confirmed.order.status).toBe('CONFIRMED');
    expect(await level(variant.id, warehouseId)).toMatchObject({ onHand: 10, reserved: 5 });
    expect((await api.refused('updateOrder', { id: order.id, notes: 'late' }))[0].code).toBe('INVALID_STATE');

    const over = await api.refused('createShipment', { orderId: order.id, lines: [{ orderLineId: order.lines[0].id, quantity: 3 }] });
    expect(over).toEqual([expect.objectContaining({ field: 'lines.0.quantity', code: 'EXCEEDS_REMAINING' })]);
    const first = await api.mutate(
      'createShipment',
      {
        orderId: order.id,
        carrier: 'UPS',
        trackingNumber: '1Z999',
        lines: [
          { orderLineId: order.lines[0].id, quantity: 2 },
          { orderLineId: order.lines[1].id, quantity: 1 },
        ],
      },
      'shipment { id carrier trackingNumber status warehouse { id } lines { quantity orderLine { id } } } order { status lines { quantityShipped } }',
    );
    expect(first.order).toEqual({ status: 'PARTIALLY_FULFILLED', lines: [{ quantityShipped: 2 }, { quantityShipped: 1 }] });
    expect(first.shipment).toMatchObject({ carrier: 'UPS', trackingNumber: '1Z999', status: 'SHIPPED', warehouse: { id: warehouseId } });
    expect(await level(variant.id, warehouseId)).toMatchObject({ onHand: 7, reserved: 2 });
    const twice = await api.refused('createShipment', {
      orderId: order.id,
      lines: [
        { orderLineId: order.lines[1].id, quantity: 1 },
        { orderLineId: order.lines[1].id, quantity: 2 },
      ],
    });
    expect(twice[0].code).toBe('EXCEEDS_REMAINING');
    const second = await api.mutate(
      'createShipment',
      { orderId: order.id, lines: [{ orderLineId: order.lines[1].id, quantity: 2 }] },
      'shipment { id } order { status fulfilledAt }',
    );
    expect(second.order.status).toBe('FULFILLED');
    expect(await level(variant.id, warehouseId)).toMatchObject({ onHand: 5, reserved: 0 });
    const delivered = await api.mutate('markShipmentDelivered', { id: second.shipment.id }, 'shipment { status deliveredAt }');
    expect(delivered.shipment.status).toBe('DELIVERED');
    expect((await api.refused('cancelOrder', { id: order.id }))[0].code).toBe('INVALID_STATE');
    expect((await api.refused('createShipment', { orderId: order.id, lines: [{ orderLineId: order.lines[1].id, quantity: 1 }] }))[0].code).toBe(
      'INVALID_STATE',
    );
    const { stockMovements } = await api.data(
      `{ stockMovements(first: 20, filter: { variantId: { eq: "${variant.id}" } }) { edges { node { type reference } } } }`,
    );
    expect(stockMovements.edges.map((e: { node: { type: string } }) => e.node.type).sort()).toEqual([
      'RECEIPT',
      'RESERVATION',
      'SHIPMENT',
      'SHIPMENT',
      'SHIPMENT',
    ]);
    await expectLedgerConsistent();
  });

  it('releases the unshipped reservation when an order is cancelled', async () => {
    const { variant, warehouseId } = await stockedVariant(t, member, 6);
    const { order } = await api.mutate('createOrder', { accountId, warehouseId, lines: [{ variantId: variant.id, quantity: 4 }] }, ORDER);
    await api.mutate('confirmOrder', { id: order.id }, 'order { id }');
    await api.mutate('createShipment', { orderId: order.id, lines: [{ orderLineId: order.lines[0].id, quantity: 1 }] }, 'shipment { id }');
    expect(await level(variant.id, warehouseId)).toMatchObject({ onHand: 5, reserved: 3 });
    const cancelled = await api.mutate('cancelOrder', { id: order.id }, 'order { status cancelledAt }');
    expect(cancelled.order.status).toBe('CANCELLED');
    expect(await level(variant.id, warehouseId)).toMatchObject({ onHand: 5, reserved: 0 });
    await expectLedgerConsistent();
  });

  it('confirms from the only warehouse when the order names none, and asks when there are several', async () => {
    const solo = await memberOf(t, { plan: 'growth' });
    const soloApi = caller(t, solo.token);
    const acct = (await soloApi.mutate('createAccount', { name: 'Solo' }, 'account { id }')).account.id;
    const { variant, warehouseId } = await stockedVariant(t, solo, 3);
    const { order } = await soloApi.mutate('createOrder', { accountId: acct, lines: [{ variantId: variant.id, quantity: 1 }] }, 'order { id }');
    const confirmed = await soloApi.mutate('confirmOrder', { id: order.id }, 'order { warehouse { id } }');
    expect(confirmed.order.warehouse.id).toBe(warehouseId);
    await stockedVariant(t, solo, 0);
    const { order: next } = await soloApi.mutate('createOrder', { accountId: acct, lines: [{ variantId: variant.id, quantity: 1 }] }, 'order { id }');
    expect(await soloApi.refused('confirmOrder', { id: next.id })).toEqual([expect.objectContaining({ field: 'warehouseId', code: 'REQUIRED' })]);
  });

  it("creates an order from an opportunity's lines, keeping quoted prices with a reason", async () => {
    const variant = await createVariant(t, member.organization, { listPrice: 1_000 });
    const other = await createVariant(t, member.organization, { listPrice: 250 });
    const contact = (await api.mutate('createContact', { firstName: 'Buyer', accountId }, 'contact { id }')).contact.id;
    const { opportunity } = await api.mutate(
      'createOpportunity',
      {
        name: unique('Deal'),
        accountId,
        primaryContactId: contact,
        lines: [
          { variantId: variant.id, quantity: 5, unitPrice: usd(900) },
          { variantId: other.id, quantity: 2 },
        ],
      },
      'opportunity { id name }',
    );
    const { order } = await api.mutate(
      'createOrderFromOpportunity',
      { opportunityId: opportunity.id },
      'order { status opportunity { id } account { id } contact { id } total { amount } lines { sku quantity unitPrice { amount } priceOverrideReason } }',
    );
    expect(order).toMatchObject({
      status: 'DRAFT',
      opportunity: { id: opportunity.id },
      account: { id: accountId },
      contact: { id: contact },
      total: { amount: 5_000 },
    });
    expect(order.lines).toEqual([
      { sku: variant.sku, quantity: 5, unitPrice: { amount: 900 }, priceOverrideReason: `Quoted on opportunity "${opportunity.name}"` },
      { sku: other.sku, quantity: 2, unitPrice: { amount: 250 }, priceOverrideReason: null },
    ]);
    const { opportunity: read } = await api.data(`{ opportunity(id: "${opportunity.id}") { orders { id } } }`);
    expect(read.orders).toHaveLength(1);
  });

  it('returns the first order for a repeated idempotency key and refuses the key with another request', async () => {
    const variant = await createVariant(t, member.organization);
    const key = unique('order-key');
    const input = { accountId, idempotencyKey: key, lines: [{ variantId: variant.id, quantity: 2 }] };
    const orders = () => t.systemEm().count(SalesOrder, { organization: member.organization.id }, SYSTEM_READ);
    const before = await orders();
    const first = await api.mutate('createOrder', input, 'order { id number }');
    const again = await api.mutate('createOrder', { ...input, lines: [{ quantity: 2, variantId: variant.id }] }, 'order { id number }');
    expect(again.order).toEqual(first.order);
    expect(await orders()).toBe(before + 1);
    const conflict = await api.refused('createOrder', { ...input, lines: [{ variantId: variant.id, quantity: 3 }] });
    expect(conflict).toEqual([expect.objectContaining({ field: 'idempotencyKey', code: 'IDEMPOTENCY_CONFLICT' })]);
    // Concurrent first calls with one key create one order.
    const racing = { ...input, idempotencyKey: unique('race') };
    const results = await Promise.all(Array.from({ length: 4 }, () => api.mutate('createOrder', racing, 'order { id }')));
    expect(new Set(results.map((r) => r.order.id)).size).toBe(1);
    // A refused first call does not burn the key.
    const failedKey = unique('failed');
    await api.refused('createOrder', { accountId, idempotencyKey: failedKey, lines: [] });
    await api.mutate('createOrder', { ...input, idempotencyKey: failedKey }, 'order { id }');
  });

  it('numbers orders uniquely under concurrent creation', async () => {
    const variant = await createVariant(t, member.organization);
    const input = { accountId, lines: [{ variantId: variant.id, quantity: 1 }] };
    const results = await Promise.all(Array.from({ length: 8 }, () => t.op(CreateOrderDocument, { variables: { input }, token: member.token })));
    const numbers = results.map((r) => {
      expect(r.data.createOrder?.errors).toEqual([]);
      return r.data.createOrder?.order?.number;
    });
    expect(new Set(numbers).size).toBe(8);
  });
});
