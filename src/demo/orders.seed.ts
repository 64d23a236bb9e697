import { randomUUID } from 'node:crypto';
import {
  type Customer,
  DAY,
  type DemoVariant,
  HOUR,
  onWeekday,
  priceAt,
  type Rng,
  type Row,
  type SeedContext,
  weightedPicker,
  type WonDeal,
} from './seed-kit.js';
import { type LineAmounts, type LinePricing, priceOrder } from '../shared/totals.js';
import { OrderStatus, ShipmentStatus } from '../modules/orders/orders-enums.js';
import { lifecycle } from './shipments.seed.js';

/**
 * A year of demo orders with weekly seasonality and growth, their lifecycle (confirmation,
 * shipments, cancellations: shipments.seed.ts) and the stock ledger that goes with it.
 */

/** Orders on an average weekday at the start of the year; volume grows by GROWTH over the year. */
const ORDERS_PER_DAY = 6.6;
const GROWTH = 0.75;
/** Sunday first, as Date#getUTCDay counts. */
const WEEKDAY_FACTOR = [0.22, 1.15, 1.2, 1.2, 1.15, 1.0, 0.38];
export const TAX_RATE_BPS = 800;
/** Month-by-month demand per category (January first). */
const SEASONS: Record<string, number[]> = {
  Apparel: [1.4, 1.2, 1, 0.9, 0.8, 0.8, 0.8, 0.9, 1, 1.1, 1.3, 1.5],
  Outdoor: [0.6, 0.6, 0.8, 1.1, 1.4, 1.7, 1.7, 1.5, 1.1, 0.8, 0.6, 0.6],
  Office: [1.2, 1, 1, 0.9, 0.9, 0.8, 0.9, 1.5, 1.6, 1, 0.9, 0.8],
  Kitchen: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1.1, 1.4, 1.6],
};
const NOTES = ['Deliver to the loading dock.', 'Call before delivery.', 'Invoice to accounts payable, PO on file.', 'Gift wrap, please.'];

export type LinePlan = {
  id: string;
  position: number;
  variant: DemoVariant;
  quantity: number;
  unitPrice: number;
  listPrice: number;
  reason: string | null;
  discountBps: number;
  amounts: LineAmounts;
  shipped: number;
  invoiced: number;
};

export type ShipmentPlan = {
  id: string;
  at: number;
  deliveredAt: number | null;
  carrier: string;
  tracking: string;
  lines: { line: LinePlan; quantity: number }[];
};

export type OrderPlan = {
  id: string;
  number: string;
  at: number;
  customer: Customer;
  contactId: string;
  opportunityId: string | null;
  notes: string;
  discount: number;
  totals: { subtotal: number; discountTotal: number; taxTotal: number; total: number };
  lines: LinePlan[];
  status: OrderStatus;
  confirmedAt: number | null;
  cancelledAt: number | null;
  fulfilledAt: number | null;
  shipments: ShipmentPlan[];
};

type DraftLine = Pick<LinePlan, 'variant' | 'quantity' | 'unitPrice' | 'listPrice' | 'reason' | 'discountBps'>;

export const pricingOf = (line: Pick<LinePlan, 'quantity' | 'unitPrice' | 'discountBps'>): LinePricing => ({
  quantity: line.quantity,
  unitPrice: line.unitPrice,
  discountBps: line.discountBps,
  taxRateBps: TAX_RATE_BPS,
});

/** Knuth's method; fine for the small means used here. */
function poisson(r: Rng, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = r.next(); p > limit; p *= r.next()) k++;
  return k;
}

/** Order times: weekdays much busier than weekends, volume rising over the year, during business hours. */
function orderTimes(ctx: SeedContext): number[] {
  const { r, start, now } = ctx;
  const times: number[] = [];
  for (let day = Math.floor(start / DAY) * DAY; day <= now; day += DAY) {
    const growth = 1 + (GROWTH * (day - start)) / (now - start);
    const count = poisson(r, ORDERS_PER_DAY * growth * WEEKDAY_FACTOR[new Date(day).getUTCDay()]);
    for (let n = 0; n < count; n++) {
      const at = Math.round(day + 8 * HOUR + ((r.between(0, 11) + r.between(0, 11)) / 2) * HOUR);
      if (at > start + HOUR && at <= now) times.push(at);
    }
  }
  return times;
}

/** Picks variants by popularity (bestsellers ×3) and the month's season, optionally within one category. */
function variantPicker(variants: DemoVariant[]) {
  const cache = new Map<string, (r: Rng) => DemoVariant>();
  return (r: Rng, at: number, category: string | null): DemoVariant => {
    const month = new Date(at).getUTCMonth();
    const key = `${month}:${category}`;
    let pick = cache.get(key);
    if (!pick) {
      const pool = variants.filter((v) => category == null || v.category === category);
      const from = pool.length ? pool : variants;
      pick = weightedPicker(
        from,
        from.map((v) => (v.bestseller ? 3 : 1) * (SEASONS[v.category]?.[month] ?? 1)),
      );
      cache.set(key, pick);
    }
    return pick(r);
  };
}

/** About 3,000 orders, numbered SO-000001… in time order, each taken through its lifecycle up to `now`. */
export function planOrders(ctx: SeedContext, customers: Customer[], deals: WonDeal[]): OrderPlan[] {
  const { r, now } = ctx;
  const buyers = customers.filter((c) => c.weight > 0);
  const pickBuyer = weightedPicker(
    buyers,
    buyers.map((c) => c.weight),
  );
  const pickVariant = variantPicker(ctx.variants);
  const orders: OrderPlan[] = [];
  for (const at of orderTimes(ctx)) {
    let customer = pickBuyer(r);
    for (let tries = 0; customer.createdAt > at && tries < 20; tries++) customer = pickBuyer(r);
    if (customer.createdAt > at) customer = buyers.find((c) => c.createdAt <= at)!;
    const lines: DraftLine[] = [];
    const count = r.weighted([1, 2, 3, 4], (n) => 5 - n);
    for (let n = 0; n < count; n++) {
      const variant = pickVariant(r, at, r.chance(0.6) ? r.pick(customer.categories) : null);
      if (lines.some((l) => l.variant === variant)) continue;
      const price = priceAt(variant, at);
      const quantity = 1 + Math.floor(r.next() ** 2 * customer.quantityScale);
      const discountBps = r.chance(0.12) ? r.pick([500, 1000, 1500, 2000]) : 0;
      lines.push({ variant, quantity, unitPrice: price, listPrice: price, reason: null, discountBps });
    }
    const contact = r.pick(customer.contacts.filter((c) => c.createdAt <= at));
    orders.push(order(ctx, at, customer, contact.id, null, lines, r.chance(0.04)));
  }
  const byId = new Map(customers.map((c) => [c.id, c]));
  for (const deal of deals) {
    const day = Math.floor(onWeekday(deal.closedAt + r.between(1, 4) * DAY) / DAY) * DAY;
    const at = Math.max(day + r.between(9, 17) * HOUR, deal.closedAt + HOUR);
    if (at > now) continue;
    const lines = deal.lines.map((l) => {
      const listPrice = priceAt(l.variant, at);
      const reason = l.unitPrice === listPrice ? null : `Quoted on opportunity "${deal.name}"`;
      return { variant: l.variant, quantity: l.quantity, unitPrice: l.unitPrice, listPrice, reason, discountBps: 0 };
    });
    orders.push(order(ctx, at, byId.get(deal.accountId)!, deal.contactId, deal.id, lines, false));
  }
  orders.sort((a, b) => a.at - b.at);
  orders.forEach((o, i) => {
    o.number = `SO-${String(i + 1).padStart(6, '0')}`;
    lifecycle(ctx, o);
  });
  return orders;
}

/** A draft order priced exactly as the order service prices it; sometimes with an order-level discount. */
function order(
  ctx: SeedContext,
  at: number,
  customer: Customer,
  contactId: string,
  opportunityId: string | null,
  draft: DraftLine[],
  withDiscount: boolean,
): OrderPlan {
  const { r } = ctx;
  const pricing = draft.map(pricingOf);
  let discount = 0;
  if (withDiscount) {
    const max = priceOrder(pricing, 0).maxDiscount;
    discount = Math.min(max, Math.round((max * r.between(0.03, 0.08)) / 100) * 100);
  }
  const priced = priceOrder(pricing, discount);
  return {
    id: randomUUID(),
    number: '',
    at,
    customer,
    contactId,
    opportunityId,
    notes: r.chance(0.03) ? r.pick(NOTES) : '',
    discount,
    totals: { subtotal: priced.subtotal, discountTotal: priced.discountTotal, taxTotal: priced.taxTotal, total: priced.total },
    lines: draft.map((l, position) => ({ ...l, id: randomUUID(), position, amounts: priced.lines[position], shipped: 0, invoiced: 0 })),
    status: OrderStatus.DRAFT,
    confirmedAt: null,
    cancelledAt: null,
    fulfilledAt: null,
    shipments: [],
  };
}

const date = (ms: number | null) => (ms == null ? null : new Date(ms));

export function orderRows(ctx: SeedContext, orders: OrderPlan[]): { orders: Row[]; lines: Row[]; shipments: Row[]; shipmentLines: Row[] } {
  const rows = { orders: [] as Row[], lines: [] as Row[], shipments: [] as Row[], shipmentLines: [] as Row[] };
  for (const o of orders) {
    const created = date(o.at);
    const lastShipment = o.shipments.at(-1);
    const updated = Math.max(o.at, o.confirmedAt ?? 0, o.cancelledAt ?? 0, lastShipment?.at ?? 0);
    rows.orders.push({
      id: o.id,
      created_at: created,
      updated_at: date(updated),
      number: o.number,
      account_id: o.customer.id,
      contact_id: o.contactId,
      opportunity_id: o.opportunityId,
      warehouse_id: ctx.warehouseId,
      currency: 'USD',
      status: o.status,
      discount_amount: o.discount,
      tax_rate_bps: TAX_RATE_BPS,
      subtotal_amount: o.totals.subtotal,
      discount_total_amount: o.totals.discountTotal,
      tax_total_amount: o.totals.taxTotal,
      total_amount: o.totals.total,
      notes: o.notes,
      ordered_at: created,
      confirmed_at: date(o.confirmedAt),
      fulfilled_at: date(o.fulfilledAt),
      cancelled_at: date(o.cancelledAt),
      created_by_id: ctx.userId,
    });
    for (const l of o.lines) rows.lines.push(lineRow(o, l, date(updated)!));
    for (const s of o.shipments) {
      const shipped = date(s.at);
      rows.shipments.push({
        id: s.id,
        created_at: shipped,
        updated_at: date(s.deliveredAt ?? s.at),
        order_id: o.id,
        warehouse_id: ctx.warehouseId,
        carrier: s.carrier,
        tracking_number: s.tracking,
        status: s.deliveredAt == null ? ShipmentStatus.SHIPPED : ShipmentStatus.DELIVERED,
        shipped_at: shipped,
        delivered_at: date(s.deliveredAt),
        created_by_id: ctx.userId,
      });
      for (const sl of s.lines)
        rows.shipmentLines.push({
          id: randomUUID(),
          created_at: shipped,
          updated_at: shipped,
          shipment_id: s.id,
          order_line_id: sl.line.id,
          quantity: sl.quantity,
        });
    }
  }
  return rows;
}

function lineRow(o: OrderPlan, l: LinePlan, updated: Date): Row {
  return {
    id: l.id,
    created_at: date(o.at),
    updated_at: updated,
    order_id: o.id,
    position: l.position,
    variant_id: l.variant.id,
    sku: l.variant.sku,
    description: l.variant.description.slice(0, 600),
    quantity: l.quantity,
    currency: 'USD',
    unit_price_amount: l.unitPrice,
    list_price_amount: l.listPrice,
    price_override_reason: l.reason,
    discount_bps: l.discountBps,
    tax_rate_bps: TAX_RATE_BPS,
    subtotal_amount: l.amounts.subtotal,
    order_discount_amount: l.amounts.orderDiscount,
    discount_amount: l.amounts.discount,
    tax_amount: l.amounts.tax,
    total_amount: l.amounts.total,
    quantity_shipped: l.shipped,
    quantity_invoiced: l.invoiced,
  };
}
