import type { EntityManager } from '@mikro-orm/sql';
import { isUuid } from '../../shared/ids.js';
import { InputCheck } from '../../shared/input-check.js';
import { findRecord } from '../../shared/find-record.js';
import { inTransaction } from '../../shared/transaction.js';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import { tryOrderMovement } from '../catalog/inventory.service.js';
import type { CreateShipmentInput, MarkShipmentDeliveredInput } from './dto/order-inputs.dto.js';
import { findOrder, linesOf } from './order.service.js';
import { type Actor, optionalText } from '../customers/record-input.js';
import { Shipment, ShipmentLine } from './shipment.entity.js';
import { OrderStatus, ShipmentStatus } from './orders-enums.js';

/**
 * Ships quantities of a confirmed order from its warehouse: each line's reservation becomes a stock
 * shipment (on hand and reserved both go down) and the order moves to partially fulfilled or
 * fulfilled. The order row is locked, so concurrent shipments cannot together over-ship a line.
 */
export function createShipment(em: EntityManager, actor: Actor, input: CreateShipmentInput): Promise<{ shipment: Shipment; lines: ShipmentLine[] }> {
  return inTransaction(em, async (tx) => {
    const order = await findOrder(tx, input.orderId, true);
    if (order.status !== OrderStatus.CONFIRMED && order.status !== OrderStatus.PARTIALLY_FULFILLED)
      throw PayloadError.of(UserErrorCode.INVALID_STATE, 'orderId', `Order ${order.number} is ${order.status}: only confirmed orders ship`);
    const orderLines = new Map((await linesOf(tx, order.id)).map((l) => [l.id, l]));
    const check = new InputCheck();
    if (input.lines.length === 0 || input.lines.length > 100) check.fail('lines', UserErrorCode.INVALID, 'a shipment has 1 to 100 lines');
    const carrier = optionalText(check, 'carrier', input.carrier, 100);
    const trackingNumber = optionalText(check, 'trackingNumber', input.trackingNumber, 100);
    const wanted = new Map<string, number>();
    input.lines.forEach((line, i) => {
      const orderLine = isUuid(line.orderLineId) ? orderLines.get(line.orderLineId.toLowerCase()) : undefined;
      if (!orderLine) {
        check.fail(`lines.${i}.orderLineId`, UserErrorCode.NOT_FOUND, `No line ${line.orderLineId} on order ${order.number}`);
        return;
      }
      if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) {
        check.fail(`lines.${i}.quantity`, UserErrorCode.INVALID, 'quantity must be at least 1');
        return;
      }
      const total = (wanted.get(orderLine.id) ?? 0) + line.quantity;
      const remaining = orderLine.quantity - orderLine.quantityShipped;
      if (total > remaining)
        check.fail(
          `lines.${i}.quantity`,
          UserErrorCode.EXCEEDS_REMAINING,
          `Only ${remaining} of ${orderLine.sku} remain to ship on line ${orderLine.position + 1}`,
        );
      wanted.set(orderLine.id, total);
    });
    check.done();
    const shipment = tx.create(Shipment, {
      organization: actor.organizationId,
      order,
      warehouse: order.warehouse!.id,
      carrier: carrier ?? null,
      trackingNumber: trackingNumber ?? null,
      shippedAt: input.shippedAt ?? actor.now,
      createdBy: actor.userId,
    });
    const lines: ShipmentLine[] = [];
    // Variant order: a fixed lock order on the stock levels.
    const entries = [...wanted.entries()].sort(([a], [b]) => (orderLines.get(a)!.variant.id < orderLines.get(b)!.variant.id ? -1 : 1));
    for (const [lineId, quantity] of entries) {
      const orderLine = orderLines.get(lineId)!;
      const shipped = await tryOrderMovement(tx, actor, 'shipment', {
        variantId: orderLine.variant.id,
        warehouseId: order.warehouse!.id,
        quantity,
        reference: `order:${order.number}`,
      });
      if (!shipped) throw PayloadError.of(UserErrorCode.INSUFFICIENT_STOCK, 'lines', `Stock of ${orderLine.sku} reserved for this order is missing`);
      orderLine.quantityShipped += quantity;
      lines.push(tx.create(ShipmentLine, { organization: actor.organizationId, shipment, orderLine, quantity }));
    }
    const all = [...orderLines.values()];
    const done = all.every((l) => l.quantityShipped === l.quantity);
    order.status = done ? OrderStatus.FULFILLED : OrderStatus.PARTIALLY_FULFILLED;
    if (done) order.fulfilledAt = shipment.shippedAt;
    await tx.flush();
    return { shipment, lines };
  });
}

export const findShipment = (em: EntityManager, id: string, lock = false) => findRecord(em, Shipment, 'Shipment', id, { includeDeleted: true, lock });

export function markShipmentDelivered(em: EntityManager, actor: Actor, input: MarkShipmentDeliveredInput): Promise<Shipment> {
  return inTransaction(em, async (tx) => {
    const shipment = await findShipment(tx, input.id, true);
    const deliveredAt = input.deliveredAt ?? actor.now;
    if (deliveredAt < shipment.shippedAt) throw PayloadError.of(UserErrorCode.INVALID, 'deliveredAt', 'deliveredAt is before the shipment left');
    Object.assign(shipment, { status: ShipmentStatus.DELIVERED, deliveredAt });
    await tx.flush();
    return shipment;
  });
}
