import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../../src/context.js';
import { actorOf } from '../../src/shared/context-access.js';
import { SYSTEM_READ } from '../../src/db/tenancy.js';
import {
  adjustStock,
  receiveStock,
  releaseStock,
  reserveStock,
  returnStock,
  shipStock,
  transferStock,
} from '../../src/modules/catalog/inventory.service.js';
import { StockLevel } from '../../src/modules/catalog/stock-level.entity.js';
import { StockMovement, StockMovementType } from '../../src/modules/catalog/stock-movement.entity.js';
import { PayloadError } from '../../src/shared/user-error.js';
import { createVariant, createWarehouse } from '../factories/catalog.js';
import { memberOf } from '../factories/core.js';
import { asRequest, startTestApp, type TestApp } from '../helpers/harness.js';

/** The payload error code a service call fails with, or 'OK'. */
async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'OK';
  } catch (error) {
    if (error instanceof PayloadError) return error.errors.map((e) => `${e.field}:${e.code}`).join(',');
    throw error;
  }
}

describe('inventory ledger', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<typeof memberOf>>;
  beforeAll(async () => {
    t = await startTestApp();
    member = await memberOf(t);
  });
  afterAll(() => t.close());

  const level = async (variantId: string, warehouseId: string) =>
    t.systemEm().findOneOrFail(StockLevel, { variant: variantId, warehouse: warehouseId }, SYSTEM_READ);

  it('never oversells under concurrent reservations: exactly the available quantity succeeds', async () => {
    const variant = await createVariant(t, member.organization);
    const warehouse = await createWarehouse(t, member.organization);
    const input = { variantId: variant.id, warehouseId: warehouse.id };
    await asRequest(t, member.token, (ctx) => receiveStock(ctx.em, actorOf(ctx), { ...input, quantity: 7 }));
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        outcome(() => asRequest(t, member.token, (ctx) => reserveStock(ctx.em, actorOf(ctx), { ...input, quantity: 1 }))),
      ),
    );
    expect(results.filter((r) => r === 'OK')).toHaveLength(7);
    expect(results.filter((r) => r === 'quantity:INSUFFICIENT_STOCK')).toHaveLength(13);
    expect(await level(variant.id, warehouse.id)).toMatchObject({ onHand: 7, reserved: 7 });
    expect(await t.systemEm().count(StockMovement, { variant: variant.id, type: StockMovementType.RESERVATION }, SYSTEM_READ)).toBe(7);
  });

  it('keeps every stock level equal to the sum of its ledger', async () => {
    const variant = await createVariant(t, member.organization);
    const [a, b] = [await createWarehouse(t, member.organization), await createWarehouse(t, member.organization)];
    const v = variant.id;
    const steps: [string, (ctx: Context) => Promise<unknown>][] = [
      ['receive 10 in A', (ctx) => receiveStock(ctx.em, actorOf(ctx), { variantId: v, warehouseId: a.id, quantity: 10 })],
      ['reserve 4 in A', (ctx) => reserveStock(ctx.em, actorOf(ctx), { variantId: v, warehouseId: a.id, quantity: 4 })],
      ['ship 3 from A', (ctx) => shipStock(ctx.em, actorOf(ctx), { variantId: v, warehouseId: a.id, quantity: 3 })],
      ['release 1 in A', (ctx) => releaseStock(ctx.em, actorOf(ctx), { variantId: v, warehouseId: a.id, quantity: 1 })],
      ['transfer 5 A→B', (ctx) => transferStock(ctx.em, actorOf(ctx), { variantId: v, fromWarehouseId: a.id, toWarehouseId: b.id, quantity: 5 })],
      ['return 2 to B', (ctx) => returnStock(ctx.em, actorOf(ctx), { variantId: v, warehouseId: b.id, quantity: 2 })],
      ['adjust B by -3', (ctx) => adjustStock(ctx.em, actorOf(ctx), { variantId: v, warehouseId: b.id, quantity: -3, reason: 'count' })],
      ['ship 9 from B (refused)', (ctx) => shipStock(ctx.em, actorOf(ctx), { variantId: v, warehouseId: b.id, quantity: 9 })],
      ['adjust A by -5 (refused: below reserved)', (ctx) => adjustStock(ctx.em, actorOf(ctx), { variantId: v, warehouseId: a.id, quantity: -5 })],
    ];
    const outcomes = [];
    for (const [, step] of steps) outcomes.push(await outcome(() => asRequest(t, member.token, step)));
    expect(outcomes).toEqual(['OK', 'OK', 'OK', 'OK', 'OK', 'OK', 'OK', 'quantity:INSUFFICIENT_STOCK', 'quantity:INSUFFICIENT_STOCK']);
    expect(await level(v, a.id)).toMatchObject({ onHand: 2, reserved: 0 });
    expect(await level(v, b.id)).toMatchObject({ onHand: 4, reserved: 0 });
    const drift = await t.systemEm().execute(
      `select l.warehouse_id from stock_levels l
       left join (select warehouse_id, variant_id, sum(on_hand_delta) as on_hand, sum(reserved_delta) as reserved from stock_movements group by 1, 2) m
         on m.warehouse_id = l.warehouse_id and m.variant_id = l.variant_id
       where l.on_hand <> coalesce(m.on_hand, 0) or l.reserved <> coalesce(m.reserved, 0)`,
    );
    expect(drift).toEqual([]);
  });

  it('names invalid quantities, unknown warehouses and variants, and writes nothing', async () => {
    const variant = await createVariant(t, member.organization);
    const warehouse = await createWarehouse(t, member.organization);
    const run = (input: Parameters<typeof receiveStock>[2]) =>
      outcome(() => asRequest(t, member.token, (ctx) => receiveStock(ctx.em, actorOf(ctx), input)));
    expect(await run({ variantId: variant.id, warehouseId: warehouse.id, quantity: -2 })).toBe('quantity:INVALID');
    expect(await run({ variantId: variant.id, warehouseId: warehouse.id, quantity: 1.5 })).toBe('quantity:INVALID');
    expect(await run({ variantId: variant.id, warehouseId: '00000000-0000-4000-8000-000000000000', quantity: 1 })).toBe('warehouseId:NOT_FOUND');
    expect(await run({ variantId: 'nope', warehouseId: warehouse.id, quantity: 1 })).toBe('variantId:INVALID');
    expect(await t.systemEm().count(StockMovement, { variant: variant.id }, SYSTEM_READ)).toBe(0);
  });

  it("treats another organization's variant and warehouse as unknown, and leaves their stock alone", async () => {
    const other = await memberOf(t);
    const theirVariant = await createVariant(t, other.organization);
    const theirWarehouse = await createWarehouse(t, other.organization);
    await asRequest(t, other.token, (ctx) =>
      receiveStock(ctx.em, actorOf(ctx), { variantId: theirVariant.id, warehouseId: theirWarehouse.id, quantity: 5 }),
    );
    const mine = await createWarehouse(t, member.organization);
    const reserve = await outcome(() =>
      asRequest(t, member.token, (ctx) =>
        reserveStock(ctx.em, actorOf(ctx), { variantId: theirVariant.id, warehouseId: theirWarehouse.id, quantity: 1 }),
      ),
    );
    expect(reserve).toBe('variantId:NOT_FOUND,warehouseId:NOT_FOUND');
    const transfer = await outcome(() =>
      asRequest(t, member.token, (ctx) =>
        transferStock(ctx.em, actorOf(ctx), { variantId: theirVariant.id, fromWarehouseId: theirWarehouse.id, toWarehouseId: mine.id, quantity: 1 }),
      ),
    );
    expect(transfer).toBe('variantId:NOT_FOUND,fromWarehouseId:NOT_FOUND');
    expect(await level(theirVariant.id, theirWarehouse.id)).toMatchObject({ onHand: 5, reserved: 0 });
  });

  it('cannot rewrite the ledger: the request role may only append', async () => {
    await expect(asRequest(t, member.token, (ctx) => ctx.em.execute('update stock_movements set on_hand_delta = 1000'))).rejects.toThrow(
      /permission denied/,
    );
    await expect(asRequest(t, member.token, (ctx) => ctx.em.execute('delete from stock_movements'))).rejects.toThrow(/permission denied/);
  });
});
