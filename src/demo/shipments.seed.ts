import { randomUUID } from 'node:crypto';
import { DAY, HOUR, onWeekday, type Rng, type SeedContext } from './seed-kit.js';
import { OrderStatus } from '../modules/orders/orders-enums.js';
import type { OrderPlan } from './orders.seed.js';

const CANCEL_RATE = 0.02;

const digits = (r: Rng, n: number) => Array.from({ length: n }, () => r.int(0, 9)).join('');
const CARRIERS: { name: string; tracking: (r: Rng) => string }[] = [
  { name: 'UPS', tracking: (r) => `1Z${Array.from({ length: 16 }, () => '0123456789ABCDEFGHJKLMNPRSTUVWXY'[r.int(0, 31)]).join('')}` },
  { name: 'FedEx', tracking: (r) => digits(r, 12) },
  { name: 'USPS', tracking: (r) => `9400${digits(r, 18)}` },
  { name: 'DHL', tracking: (r) => digits(r, 10) },
];

/**
 * What happened to an order by `now`: a few are cancelled (some after confirmation), recent ones
 * may still be drafts; confirmed orders ship 1–3 days after ordering, some in two parts.
 */
export function lifecycle(ctx: SeedContext, order: OrderPlan): void {
  const { r, now } = ctx;
  const age = now - order.at;
  if (r.chance(CANCEL_RATE)) {
    const confirmedAt = r.chance(0.5) ? order.at + r.between(0.25, 6) * HOUR : null;
    const cancelledAt = (confirmedAt ?? order.at) + r.between(2, 60) * HOUR;
    if (cancelledAt <= now) {
      Object.assign(order, { status: OrderStatus.CANCELLED, confirmedAt, cancelledAt });
      return;
    }
  }
  if (age < 4 * DAY && r.chance(0.35)) return;
  const confirmedAt = order.at + r.between(0.25, 6) * HOUR;
  if (confirmedAt > now) return;
  Object.assign(order, { status: OrderStatus.CONFIRMED, confirmedAt });
  const firstAt = onWeekday(order.at + r.between(1, 3) * DAY);
  if (firstAt > now) return;
  const first = r.chance(age < 25 * DAY ? 0.25 : 0.06) ? firstPart(order) : null;
  ship(ctx, order, firstAt, first ?? order.lines.map((l) => l.quantity));
  const secondAt = onWeekday(firstAt + r.between(4, 16) * DAY);
  if (first && secondAt <= now)
    ship(
      ctx,
      order,
      secondAt,
      order.lines.map((l) => l.quantity - l.shipped),
    );
  const done = order.lines.every((l) => l.shipped === l.quantity);
  order.status = done ? OrderStatus.FULFILLED : OrderStatus.PARTIALLY_FULFILLED;
  order.fulfilledAt = done ? order.shipments.at(-1)!.at : null;
}

/** The first shipment's quantities when the last line waits for a second shipment; null when nothing can be split. */
function firstPart(order: OrderPlan): number[] | null {
  const last = order.lines.length - 1;
  if (order.lines.length === 1 && order.lines[0].quantity < 2) return null;
  return order.lines.map((l, i) => (i === last ? Math.floor(l.quantity / 2) : l.quantity));
}

function ship(ctx: SeedContext, order: OrderPlan, at: number, quantities: number[]): void {
  const { r, now } = ctx;
  const lines = order.lines.map((line, i) => ({ line, quantity: quantities[i] })).filter((l) => l.quantity > 0);
  for (const l of lines) l.line.shipped += l.quantity;
  const carrier = r.pick(CARRIERS);
  const deliveredAt = at + r.between(1.5, 6) * DAY;
  order.shipments.push({
    id: randomUUID(),
    at,
    deliveredAt: deliveredAt <= now ? deliveredAt : null,
    carrier: carrier.name,
    tracking: carrier.tracking(r),
    lines,
  });
}
