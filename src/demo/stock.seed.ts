import { randomUUID } from 'node:crypto';
import { StockMovementType } from '../modules/catalog/stock-movement.entity.js';
import type { OrderPlan } from './orders.seed.js';
import { DAY, type DemoVariant, isoDate, type Row, type SeedContext } from './seed-kit.js';

/**
 * The demo orders' stock ledger in the main warehouse: confirmations reserve, shipments take stock
 * out of on hand and reserved, cancellations release; monthly replenishment keeps every level valid.
 */

/** Replenishment rounds are this far apart, starting right after the opening stock. */
const ROUND = 30 * DAY;

type Movement = { at: number; variant: DemoVariant; type: StockMovementType; onHand: number; reserved: number; reason: string; reference: string };
type Level = { onHand: number; reserved: number };

/** The movements the order service would have written for these orders, oldest first. */
function orderMovements(orders: OrderPlan[]): Movement[] {
  const movements: Movement[] = [];
  const add = (at: number, variant: DemoVariant, type: StockMovementType, onHand: number, reserved: number, order: OrderPlan) =>
    movements.push({ at, variant, type, onHand, reserved, reason: '', reference: `order:${order.number}` });
  for (const order of orders) {
    if (order.confirmedAt == null) continue;
    for (const l of order.lines) add(order.confirmedAt, l.variant, StockMovementType.RESERVATION, 0, l.quantity, order);
    for (const s of order.shipments)
      for (const sl of s.lines) add(s.at, sl.line.variant, StockMovementType.SHIPMENT, -sl.quantity, -sl.quantity, order);
    if (order.cancelledAt != null)
      for (const l of order.lines) add(order.cancelledAt, l.variant, StockMovementType.RELEASE, 0, -(l.quantity - l.shipped), order);
  }
  return movements.sort((a, b) => a.at - b.at);
}

/**
 * The whole ledger, replayed in time order from the opening levels. At the start of each round
 * every variant receives enough (in lots of its reorder quantity) to cover the round's
 * reservations and keep its reorder point available, so no reservation could have been refused.
 */
export function planStockMovements(ctx: SeedContext, orders: OrderPlan[], opening: Map<string, Level>): Movement[] {
  const events = orderMovements(orders);
  const levels = new Map(ctx.variants.map((v) => [v.id, { ...(opening.get(v.id) ?? { onHand: 0, reserved: 0 }) }]));
  const ledger: Movement[] = [];
  const apply = (m: Movement) => {
    const level = levels.get(m.variant.id)!;
    level.onHand += m.onHand;
    level.reserved += m.reserved;
    if (level.onHand < 0 || level.reserved < 0 || level.reserved > level.onHand)
      throw new Error(`Demo stock of ${m.variant.sku} would be invalid after ${m.type} ${m.reference}`);
    ledger.push(m);
  };
  let next = 0;
  for (let from = ctx.start + 60_000; from <= ctx.now; from += ROUND) {
    const to = from + ROUND;
    const demand = new Map<string, number>();
    for (let i = next; i < events.length && events[i].at < to; i++)
      if (events[i].type === StockMovementType.RESERVATION)
        demand.set(events[i].variant.id, (demand.get(events[i].variant.id) ?? 0) + events[i].reserved);
    for (const variant of ctx.variants) {
      const level = levels.get(variant.id)!;
      const short = (demand.get(variant.id) ?? 0) + variant.reorderPoint - (level.onHand - level.reserved);
      const lot = variant.reorderQuantity || 40;
      if (short > 0) {
        const reference = `PO-${isoDate(from).slice(0, 7).replace('-', '')}`;
        apply({
          at: from,
          variant,
          type: StockMovementType.RECEIPT,
          onHand: Math.ceil(short / lot) * lot,
          reserved: 0,
          reason: 'replenishment',
          reference,
        });
      }
    }
    for (; next < events.length && events[next].at < to; next++) apply(events[next]);
  }
  return ledger;
}

export function movementRows(ctx: SeedContext, movements: Movement[]): Row[] {
  return movements.map((m) => ({
    id: randomUUID(),
    created_at: new Date(m.at),
    updated_at: new Date(m.at),
    variant_id: m.variant.id,
    warehouse_id: ctx.warehouseId,
    type: m.type,
    on_hand_delta: m.onHand,
    reserved_delta: m.reserved,
    reason: m.reason,
    reference: m.reference,
    created_by: ctx.userId,
  }));
}

/** Levels become the sums of the whole ledger again (the catalog's opening rows included). */
export async function recomputeStockLevels(ctx: SeedContext): Promise<void> {
  await ctx.em.execute(
    `insert into stock_levels (id, created_at, updated_at, organization_id, variant_id, warehouse_id, on_hand, reserved)
     select gen_random_uuid(), ?, ?, organization_id, variant_id, warehouse_id, sum(on_hand_delta), sum(reserved_delta)
     from stock_movements where organization_id = ? group by organization_id, variant_id, warehouse_id
     on conflict (variant_id, warehouse_id) do update set on_hand = excluded.on_hand, reserved = excluded.reserved, updated_at = excluded.updated_at`,
    [new Date(ctx.now), new Date(ctx.now), ctx.organizationId],
  );
}
