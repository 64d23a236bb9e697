import type { EntityManager } from '@mikro-orm/sql';
import { isUuid } from '../../shared/ids.js';
import { writeEvent } from '../events/emit.js';
import { EventType } from '../events/event-types.js';
import { InputCheck } from '../../shared/input-check.js';
import { liveVariant } from './product.service.js';
import { inTransaction } from '../../shared/transaction.js';
import { checkColumns, isOutOfRange } from '../../shared/column-limits.js';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import { PRODUCT_STATUS_ALLOWS, type ProductStatus } from './product.entity.js';
import { ProductVariant } from './product-variant.entity.js';
import { StockLevel } from './stock-level.entity.js';
import { StockMovementType } from './stock-movement.entity.js';
import { Warehouse } from './warehouse.entity.js';

/** Who is acting, in which organization: every inventory write names both. */
export type InventoryScope = { organizationId: string; userId: string | null };

export type MovementInput = { variantId: string; warehouseId: string; quantity: number; reason?: string | null; reference?: string | null };

type Delta = { type: StockMovementType; onHand: number; reserved: number };
/** The level after a movement (this warehouse), the variant's stock in its other warehouses, and its reorder point. */
type Applied = { on_hand: number; reserved: number; others: string | number; reorder_point: number | null };

/**
 * Applies one ledger entry and its effect on the stock level, in the caller's transaction, through
 * `simplycrm_apply_stock_movement` (the only writer of both tables). The level changes in a single
 * conditional UPDATE, so concurrent writers serialise on the row and none can take it below zero
 * or reserve more than is on hand: a refused change writes nothing and reports INSUFFICIENT_STOCK.
 * Who made the movement comes from the request (`app.user_id`).
 */
async function applyMovement(em: EntityManager, scope: InventoryScope, input: MovementInput, delta: Delta, field = 'quantity'): Promise<void> {
  const reason = input.reason?.trim() ?? '';
  const reference = input.reference?.trim() || null;
  // Written by the SQL function, not the unit of work: checked against the ledger's columns here.
  checkColumns(em, 'StockMovement', { reason, reference });
  let applied: Applied[];
  try {
    // One round trip: the movement, and what the stock.low check needs. The other warehouses' stock
    // and the reorder point come from the statement's snapshot (the function changes only this
    // warehouse's level, whose new values it returns).
    applied = await em.execute<Applied[]>(
      `select a.on_hand, a.reserved,
         (select coalesce(sum(l.on_hand - l.reserved), 0) from stock_levels l
           where l.organization_id = ? and l.variant_id = ? and l.warehouse_id <> ?) as others,
         (select v.reorder_point from product_variants v where v.organization_id = ? and v.id = ?) as reorder_point
       from simplycrm_apply_stock_movement(?, ?, ?, ?, ?, ?, ?, ?) a`,
      [
        scope.organizationId,
        input.variantId,
        input.warehouseId,
        scope.organizationId,
        input.variantId,
        scope.organizationId,
        input.variantId,
        input.warehouseId,
        delta.type,
        delta.onHand,
        delta.reserved,
        reason,
        reference,
      ],
    );
  } catch (error) {
    // The level's new on-hand or reserved sum does not fit its column; the enclosing
    // transaction (a savepoint) rolls back with this error, so nothing is written.
    if (isOutOfRange(error)) {
      throw PayloadError.of(UserErrorCode.INVALID, field, `${field} would take the stock level beyond the largest quantity it can record`);
    }
    throw error;
  }
  if (applied.length === 0) {
    throw PayloadError.of(
      UserErrorCode.INSUFFICIENT_STOCK,
      field,
      `Not enough stock of variant ${input.variantId} in warehouse ${input.warehouseId} for this ${delta.type}`,
    );
  }
  await emitStockLow(em, scope, input, delta, applied[0]);
}

/**
 * `stock.low` when this movement took the variant's available stock (all warehouses) from above its
 * reorder point to at or below it: once per crossing, in the movement's transaction. Movements that
 * keep it low, or raise it, emit nothing; rising above and falling again is a new crossing.
 */
async function emitStockLow(em: EntityManager, scope: InventoryScope, input: MovementInput, delta: Delta, level: Applied): Promise<void> {
  const change = delta.onHand - delta.reserved;
  if (change >= 0 || level.reorder_point == null) return;
  const after = Number(level.others) + Number(level.on_hand) - Number(level.reserved);
  const threshold = Number(level.reorder_point);
  if (after - change > threshold && after <= threshold) {
    await writeEvent(em, {
      organizationId: scope.organizationId,
      type: EventType.STOCK_LOW,
      subject: { type: 'ProductVariant', id: input.variantId },
      changes: { available: { from: after - change, to: after } },
      data: { available: after, reorderPoint: threshold, warehouseId: input.warehouseId, movement: delta.type },
    });
  }
}

/** Checks the quantity and that variant and warehouse exist in the organization (others' IDs are unknown here). */
async function checkMovement(
  em: EntityManager,
  input: MovementInput,
  { allowNegative = false, warehouseFields = ['warehouseId'], receipt = false } = {},
): Promise<void> {
  const check = new InputCheck();
  if (!Number.isSafeInteger(input.quantity) || input.quantity === 0 || (!allowNegative && input.quantity < 0)) {
    check.fail('quantity', UserErrorCode.INVALID, allowNegative ? 'quantity must be a non-zero integer' : 'quantity must be a positive integer');
  }
  const variant = await em.findOne(ProductVariant, { id: input.variantId, ...liveVariant() }, { populate: ['product'] });
  if (!variant) check.fail('variantId', UserErrorCode.NOT_FOUND, `No variant ${input.variantId}`);
  else if (receipt && !PRODUCT_STATUS_ALLOWS[variant.product.getEntity().status as ProductStatus].receiveStock)
    check.fail(
      'variantId',
      UserErrorCode.INVALID_STATE,
      `${variant.sku} belongs to an ARCHIVED product, which receives no new stock (returns and adjustments still do)`,
    );
  for (const field of warehouseFields) {
    const id = (input as Record<string, unknown>)[field] as string;
    if (!(await em.count(Warehouse, { id, deletedAt: null }))) check.fail(field, UserErrorCode.NOT_FOUND, `No warehouse ${id}`);
  }
  check.done();
}

const ORDER_DELTAS = {
  reservation: (q: number): Delta => ({ type: StockMovementType.RESERVATION, onHand: 0, reserved: q }),
  release: (q: number): Delta => ({ type: StockMovementType.RELEASE, onHand: 0, reserved: -q }),
  shipment: (q: number): Delta => ({ type: StockMovementType.SHIPMENT, onHand: -q, reserved: -q }),
};

/**
 * An order's movement, in the caller's transaction: the caller has checked the variant and
 * warehouse. Returns false, having written nothing, when the stock does not allow it.
 */
export async function tryOrderMovement(
  em: EntityManager,
  scope: InventoryScope,
  kind: keyof typeof ORDER_DELTAS,
  input: { variantId: string; warehouseId: string; quantity: number; reference: string },
): Promise<boolean> {
  try {
    await applyMovement(em, scope, input, ORDER_DELTAS[kind](input.quantity));
    return true;
  } catch (error) {
    if (error instanceof PayloadError) return false;
    throw error;
  }
}

export function checkIds(input: Record<string, unknown>, fields: string[]): void {
  const check = new InputCheck();
  for (const field of fields) if (!isUuid(input[field])) check.fail(field, UserErrorCode.INVALID, `${field} must be an ID (UUID)`);
  check.done();
}

async function movement(
  em: EntityManager,
  scope: InventoryScope,
  input: MovementInput,
  delta: (q: number) => Delta,
  allowNegative = false,
  receipt = false,
): Promise<StockLevel> {
  checkIds(input, ['variantId', 'warehouseId']);
  return inTransaction(em, async (tx) => {
    await checkMovement(tx, input, { allowNegative, receipt });
    await applyMovement(tx, scope, input, delta(input.quantity));
    return tx.findOneOrFail(StockLevel, { variant: input.variantId, warehouse: input.warehouseId }, { refresh: true });
  });
}

/** Goods arrived: on hand goes up. */
export const receiveStock = (em: EntityManager, scope: InventoryScope, input: MovementInput) =>
  movement(em, scope, input, (q) => ({ type: StockMovementType.RECEIPT, onHand: q, reserved: 0 }), false, true);

/** A correction (count, damage, loss): on hand changes by the signed quantity; it cannot go below what is reserved. */
export const adjustStock = (em: EntityManager, scope: InventoryScope, input: MovementInput) =>
  movement(em, scope, input, (q) => ({ type: StockMovementType.ADJUSTMENT, onHand: q, reserved: 0 }), true);

/** Sets stock aside for an order; fails with INSUFFICIENT_STOCK beyond what is available. */
export const reserveStock = (em: EntityManager, scope: InventoryScope, input: MovementInput) =>
  movement(em, scope, input, (q) => ({ type: StockMovementType.RESERVATION, onHand: 0, reserved: q }));

/** Gives a reservation back (an order was cancelled). */
export const releaseStock = (em: EntityManager, scope: InventoryScope, input: MovementInput) =>
  movement(em, scope, input, (q) => ({ type: StockMovementType.RELEASE, onHand: 0, reserved: -q }));

/** Reserved stock leaves the warehouse: both on hand and reserved go down. */
export const shipStock = (em: EntityManager, scope: InventoryScope, input: MovementInput) =>
  movement(em, scope, input, (q) => ({ type: StockMovementType.SHIPMENT, onHand: -q, reserved: -q }));

/** Shipped goods came back: on hand goes up. */
export const returnStock = (em: EntityManager, scope: InventoryScope, input: MovementInput) =>
  movement(em, scope, input, (q) => ({ type: StockMovementType.RETURN, onHand: q, reserved: 0 }));

export type TransferInput = {
  variantId: string;
  fromWarehouseId: string;
  toWarehouseId: string;
  quantity: number;
  reason?: string | null;
  reference?: string | null;
};

/** Moves available stock between warehouses: two ledger entries with one reference, all or nothing. */
export async function transferStock(em: EntityManager, scope: InventoryScope, input: TransferInput): Promise<{ from: StockLevel; to: StockLevel }> {
  checkIds(input, ['variantId', 'fromWarehouseId', 'toWarehouseId']);
  if (input.fromWarehouseId === input.toWarehouseId)
    throw PayloadError.of(UserErrorCode.INVALID, 'toWarehouseId', 'Source and destination warehouse are the same');
  return inTransaction(em, async (tx) => {
    const base = {
      variantId: input.variantId,
      quantity: input.quantity,
      reason: input.reason,
      reference: input.reference ?? `transfer:${crypto.randomUUID()}`,
    };
    await checkMovement(tx, { ...base, warehouseId: input.fromWarehouseId, ...input }, { warehouseFields: ['fromWarehouseId', 'toWarehouseId'] });
    // Lock both levels in one order, so opposite transfers running at once wait instead of deadlocking.
    await tx.execute('select simplycrm_lock_stock_levels(?, ?, array[?, ?]::uuid[])', [
      scope.organizationId,
      input.variantId,
      input.fromWarehouseId,
      input.toWarehouseId,
    ]);
    await applyMovement(
      tx,
      scope,
      { ...base, warehouseId: input.fromWarehouseId },
      { type: StockMovementType.TRANSFER_OUT, onHand: -input.quantity, reserved: 0 },
    );
    await applyMovement(
      tx,
      scope,
      { ...base, warehouseId: input.toWarehouseId },
      { type: StockMovementType.TRANSFER_IN, onHand: input.quantity, reserved: 0 },
    );
    const [from, to] = await Promise.all([
      tx.findOneOrFail(StockLevel, { variant: input.variantId, warehouse: input.fromWarehouseId }, { refresh: true }),
      tx.findOneOrFail(StockLevel, { variant: input.variantId, warehouse: input.toWarehouseId }, { refresh: true }),
    ]);
    return { from, to };
  });
}
