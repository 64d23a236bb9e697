import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_READ } from '../../src/db/tenancy.js';
import { PriceChange, PriceKind } from '../../src/modules/catalog/price-change.entity.js';
import { changeVariantPrices, describePriceChange, priceAt, priceHistory } from '../../src/modules/catalog/price.service.js';
import { PayloadError } from '../../src/shared/user-error.js';
import { createVariant } from '../factories/catalog.js';
import { memberOf } from '../factories/core.js';
import { asRequest, startTestApp, type TestApp } from '../helpers/harness.js';

describe('price history', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<typeof memberOf>>;
  beforeAll(async () => {
    t = await startTestApp();
    member = await memberOf(t);
  });
  afterAll(() => t.close());

  const history = (variantId: string) =>
    t.systemEm().find(PriceChange, { variant: variantId }, { ...SYSTEM_READ, orderBy: { validFrom: 'asc', kind: 'asc' } });

  it('records the first prices when a variant is created', async () => {
    const variant = await createVariant(t, member.organization, { listPrice: 2500, unitCost: 1000 });
    const rows = await history(variant.id);
    expect(rows.map((r) => [r.kind, r.oldAmount, r.newAmount, r.validTo])).toEqual([
      [PriceKind.LIST_PRICE, null, 2500, null],
      [PriceKind.UNIT_COST, null, 1000, null],
    ]);
  });

  it('appends old → new with who and why, and closes the previous row, in the transaction of the change', async () => {
    const variant = await createVariant(t, member.organization, { listPrice: 2500, unitCost: 1000 });
    await asRequest(t, member.token, (ctx) => changeVariantPrices(ctx.em, variant.id, { listPriceAmount: 2999, reason: 'supplier increase' }));
    const list = (await history(variant.id)).filter((r) => r.kind === PriceKind.LIST_PRICE);
    expect(list).toHaveLength(2);
    expect(list[0].validTo).toEqual(list[1].validFrom);
    expect(list[1]).toMatchObject({
      oldAmount: 2500,
      newAmount: 2999,
      validTo: null,
      changedBy: member.user.id,
      reason: 'supplier increase',
      currency: 'USD',
    });
  });

  it('answers the price in force at a given time', async () => {
    const variant = await createVariant(t, member.organization, { listPrice: 1000 });
    const em = t.systemEm();
    await em.transactional(async (tx) => {
      await describePriceChange(tx, 'spring sale', new Date('2030-03-01T00:00:00Z'));
      await tx.execute('update product_variants set list_price_amount = 800 where id = ?', [variant.id]);
    });
    await em.transactional(async (tx) => {
      await describePriceChange(tx, 'sale over', new Date('2030-04-01T00:00:00Z'));
      await tx.execute('update product_variants set list_price_amount = 1100 where id = ?', [variant.id]);
    });
    const at = (iso: string) =>
      asRequest(t, member.token, async (ctx) => (await priceAt(ctx.em, variant.id, PriceKind.LIST_PRICE, new Date(iso)))?.newAmount);
    expect(await at('2030-03-15T00:00:00Z')).toBe(800);
    expect(await at('2030-04-02T00:00:00Z')).toBe(1100);
    expect(await at('2030-02-01T00:00:00Z')).toBe(1000);
    const all = await asRequest(t, member.token, (ctx) => priceHistory(ctx.em, variant.id, PriceKind.LIST_PRICE));
    expect(all.map((r) => r.newAmount)).toEqual([1000, 800, 1100]);
  });

  it('records a change made by raw SQL too: no code path changes a price without history', async () => {
    const variant = await createVariant(t, member.organization, { unitCost: 500 });
    await asRequest(t, member.token, (ctx) => ctx.em.execute('update product_variants set unit_cost_amount = 650 where id = ?', [variant.id]));
    const costs = (await history(variant.id)).filter((r) => r.kind === PriceKind.UNIT_COST);
    expect(costs.map((r) => [r.oldAmount, r.newAmount, r.changedBy])).toEqual([
      [null, 500, null],
      [500, 650, member.user.id],
    ]);
  });

  it('cannot forge or erase history: the request role only reads it', async () => {
    for (const sql of [
      'delete from price_changes',
      'update price_changes set new_amount = 1',
      'insert into price_changes (id) values (gen_random_uuid())',
    ]) {
      await expect(
        asRequest(t, member.token, (ctx) => ctx.em.execute(sql)),
        sql,
      ).rejects.toThrow(/permission denied/);
    }
  });

  it('refuses negative prices and another currency with payload errors, changing nothing', async () => {
    const variant = await createVariant(t, member.organization, { listPrice: 1000 });
    const attempt = async (input: Parameters<typeof changeVariantPrices>[2]) => {
      try {
        await asRequest(t, member.token, (ctx) => changeVariantPrices(ctx.em, variant.id, input));
        return 'OK';
      } catch (error) {
        return (error as PayloadError).errors.map((e) => `${e.field}:${e.code}`).join(',');
      }
    };
    expect(await attempt({ listPriceAmount: -1 })).toBe('listPriceAmount:INVALID');
    expect(await attempt({ listPriceAmount: 1200, currency: 'EUR' })).toBe('currency:CURRENCY_MISMATCH');
    expect(await history(variant.id)).toHaveLength(2);
  });

  it("treats another organization's variant as not found", async () => {
    const other = await memberOf(t);
    const theirs = await createVariant(t, other.organization, { listPrice: 1000 });
    const result = await asRequest(t, member.token, (ctx) => changeVariantPrices(ctx.em, theirs.id, { listPriceAmount: 1 })).catch(
      (e: PayloadError) => e.errors[0].code,
    );
    expect(result).toBe('NOT_FOUND');
    expect(await asRequest(t, member.token, (ctx) => priceHistory(ctx.em, theirs.id))).toEqual([]);
  });
});
