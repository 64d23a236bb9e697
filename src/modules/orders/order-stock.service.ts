import type { EntityManager } from '@mikro-orm/sql';
import { InputCheck } from '../../shared/input-check.js';
import { inTransaction } from '../../shared/transaction.js';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import { tryOrderMovement } from '../catalog/inventory.service.js';
import { Warehouse } from '../catalog/warehouse.entity.js';
import type { ConfirmOrderInput } from './dto/order-inputs.dto.js';
import { OrderLine, SalesOrder } from './order.entity.js';
import { type Actor, checkExists, optionalId } from '../customers/record-input.js';
import { OrderStatus } from './orders-enums.js';
import { findOrder, linesOf, requireStatus } from './order.service.js';

/** The warehouse to reserve from: the one named, the order's, or the organization's only live warehouse. */
async function warehouseFor(tx: EntityManager, order: SalesOrder, requested: string | null | undefined): Promise<string> {
  const check = new InputCheck();
  const id = optionalId(check, 'warehouseId', requested);
  await checkExists(tx, check, 'warehouseId', Warehouse, id, 'warehouse');
  check.done();
  if (id) return id;
  if (order.warehouse) return order.warehouse.id;
  const warehouses = await tx.find(Warehouse, { deletedAt: null, active: true }, { limit: 2 });
  if (warehouses.length !== 1) throw PayloadError.of(UserErrorCode.REQUIRED, 'warehouseId', 'Name the warehouse to reserve stock in');
  return warehouses[0].id;
}

/** Per variant, the total quantity, in variant order (a fixed lock order, so concurrent confirmations cannot deadlock). */
function byVariant(lines: OrderLine[], quantityOf: (line: OrderLine) => number) {
  const totals = new Map<string, { quantity: number; lines: OrderLine[] }>();
  for (const line of lines) {
    const q = quantityOf(line);
    if (q <= 0) continue;
    const entry = totals.get(line.variant.id) ?? { quantity: 0, lines: [] };
    entry.quantity += q;
    entry.lines.push(line);
    totals.set(line.variant.id, entry);
  }
  return [...totals.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
}

/**
 * Confirms a draft order and reserves every line's stock in one transaction. When any variant is
 * short, nothing is reserved and the errors name every short line.
 */
export function confirmOrder(em: EntityManager, actor: Actor, input: ConfirmOrderInput): Promise<SalesOrder> {
  return inTransaction(em, async (tx) => {
    const order = await findOrder(tx, input.id, true);
    requireStatus(order, [OrderStatus.DRAFT], 'confirmed');
    const warehouseId = await warehouseFor(tx, order, input.warehouseId);
    const lines = await linesOf(tx, order.id);
    const short: OrderLine[] = [];
    for (const [variantId, { quantity, lines: group }] of byVariant(lines, (l) => l.quantity)) {
      const reserved = await tryOrderMovement(tx, actor, 'reservation', { variantId, warehouseId, quantity, reference: `order:${order.number}` });
      if (!reserved) short.push(...group);
    }
    if (short.length) {
      throw new PayloadError(
        short
          .sort((a, b) => a.position - b.position)
          .map((l) => ({
            code: UserErrorCode.INSUFFICIENT_STOCK,
            field: `lines.${l.position}`,
            message: `Not enough ${l.sku} available in the warehouse for line ${l.position + 1} (${l.quantity} ordered)`,
            retryAfterSeconds: null,
          })),
      );
    }
    Object.assign(order, { status: OrderStatus.CONFIRMED, confirmedAt: actor.now, warehouse: warehouseId });
    await tx.flush();
    return order;
  });
}

/**
 * Cancels an order that is not fulfilled: what was not shipped is released. What shipped stays
 * shipped (and may stay invoiced and paid); invoices billing unshipped units must be voided first.
 */
export function cancelOrder(em: EntityManager, actor: Actor, id: string): Promise<SalesOrder> {
  return inTransaction(em, async (tx) => {
    const order = await findOrder(tx, id, true);
    requireStatus(order, [OrderStatus.DRAFT, OrderStatus.CONFIRMED, OrderStatus.PARTIALLY_FULFILLED], 'cancelled');
    const lines = await linesOf(tx, order.id);
    if (lines.some((l) => l.quantityInvoiced > l.quantityShipped))
      throw PayloadError.of(UserErrorCode.INVALID_STATE, 'id', `Order ${order.number} has invoices for units not shipped: void them first`);
    if (order.status !== OrderStatus.DRAFT) {
      for (const [variantId, { quantity }] of byVariant(lines, (l) => l.quantity - l.quantityShipped)) {
        const released = await tryOrderMovement(tx, actor, 'release', {
          variantId,
          warehouseId: order.warehouse!.id,
          quantity,
          reference: `order:${order.number}`,
        });
        if (!released) throw new Error(`Reservation of order ${order.number} for variant ${variantId} is missing`);
      }
    }
    Object.assign(order, { status: OrderStatus.CANCELLED, cancelledAt: actor.now });
    await tx.flush();
    return order;
  });
}
