import type { EntityManager } from '@mikro-orm/sql';
import { isUuid } from '../../shared/ids.js';
import { InputCheck } from '../../shared/input-check.js';
import { liveVariant } from './product.service.js';
import { inTransaction } from '../../shared/transaction.js';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import { ProductVariant } from './product-variant.entity.js';
import { StockLevel } from './stock-level.entity.js';
import { StockMovement, StockMovementType } from './stock-movement.entity.js';
import { Warehouse } from './warehouse.entity.js';

/** Who is acting, in which organization: every inventory write names both. */
export type InventoryScope = { organizationId: string; userId: string | null };

export type MovementInput = { variantId: string; warehouseId: string; quantity: number; reason?: string | null; reference?: string | null };

type Delta = { type: StockMovementType; onHand: number; reserved: number };

/**
 * Applies one ledger entry and its effect on the stock level, in the caller's transaction.
 * The level changes in a single conditional UPDATE, so concurrent writers serialise on the row and
 * none can take the level below zero or reserve more than is on hand: a refused change touches
 * nothing and reports INSUFFICIENT_STOCK.
 */
async function applyMovement(em: EntityManager, scope: InventoryScope, input: MovementInput, delta: Delta, field = 'quantity'): Promise<void> {
  await em.execute(
    `insert into stock_levels (id, created_at, updated_at, organization_id, variant_id, warehouse_id, on_hand, reserved)
     values (gen_random_uuid(), now(), now(), ?, ?, ?, 0, 0) on conflict (variant_id, warehouse_id) do nothing`,
    [scope.organizationId, input.variantId, input.warehouseId],
  );
  const updated = await em.execute<{ on_hand: number }[]>(
    `update stock_levels set on_hand = on_hand + ?, reserved = reserved + ?, updated_at = now()
     where variant_id = ? and warehouse_id = ?
       and on_hand + ? >= 0 and reserved + ? >= 0 and reserved + ? <= on_hand + ?
     returning on_hand`,
    [delta.onHand, delta.reserved, input.variantId, input.warehouseId, delta.onHand, delta.reserved, delta.reserved, delta.onHand],
  );
  if (updated.length === 0) {
    throw PayloadError.of(
      UserErrorCode.INSUFFICIENT_STOCK,
      field,
      `Not enough stock of variant ${input.variantId} in warehouse ${input.warehouseId} for this ${delta.type}`,
    );
  }
  em.create(StockMovement, {
    organization: scope.organizationId,
    variant: input.variantId,
    warehouse: input.warehouseId,
    type: delta.type,
    onHandDelta: delta.onHand,
    reservedDelta: delta.reserved,
    reason: input.reason?.trim() ?? '',
    reference: input.reference?.trim() || null,
    createdBy: scope.userId,
  });
  await em.flush();
}

/** Checks the quantity and that variant and warehouse exist in the organization (others' IDs are unknown here). */
async function checkMovement(
  em: EntityManager,
  input: MovementInput,
  { allowNegative = false, warehouseFields = ['warehouseId'] } = {},
): Promise<void> {
  const check = new InputCheck();
  if (!Number.isSafeInteger(input.quantity) || input.quantity === 0 || (!allowNegative && input.quantity < 0)) {
    check.fail('quantity', UserErrorCode.INVALID, allowNegative ? 'quantity must be a non-zero integer' : 'quantity must be a positive integer');
  }
  const variant = await em.count(ProductVariant, { id: input.variantId, ...liveVariant() });
  if (!variant) check.fail('variantId', UserErrorCode.NOT_FOUND, `No variant ${input.variantId}`);
  for (const field of warehouseFields) {
    const id = (input as Record<string, unknown>)[field] as string;
    if (!(await em.count(Warehouse, { id, deletedAt: null }))) check.fail(field, UserErrorCode.NOT_FOUND, `No warehouse ${id}`);
  }
  check.done();
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
): Promise<StockLevel> {
  checkIds(input, ['variantId', 'warehouseId']);
  return inTransaction(em, async (tx) => {
    await checkMovement(tx, input, { allowNegative });
    await applyMovement(tx, scope, input, delta(input.quantity));
    return tx.findOneOrFail(StockLevel, { variant: input.variantId, warehouse: input.warehouseId }, { refresh: true });
  });
}

/** Goods arrived: on hand goes up. */
export const receiveStock = (em: EntityManager, scope: InventoryScope, input: MovementInput) =>
  movement(em, scope, input, (q) => ({ type: StockMovementType.RECEIPT, onHand: q, reserved: 0 }));

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
    await tx.execute(
      `insert into stock_levels (id, created_at, updated_at, organization_id, variant_id, warehouse_id, on_hand, reserved)
       select gen_random_uuid(), now(), now(), ?, ?, w.id, 0, 0 from (values (?::uuid), (?::uuid)) as w(id) on conflict (variant_id, warehouse_id) do nothing`,
      [scope.organizationId, input.variantId, input.fromWarehouseId, input.toWarehouseId],
    );
    await tx.execute(`select id from stock_levels where variant_id = ? and warehouse_id in (?, ?) order by warehouse_id for update`, [
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
