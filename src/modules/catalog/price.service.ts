import type { EntityManager } from '@mikro-orm/sql';
import { InputCheck } from '../../shared/input-check.js';
import { Money } from '../../shared/money.js';
import { inTransaction } from '../../shared/transaction.js';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import { PriceChange, type PriceKind } from './price-change.entity.js';
import { isUuid } from '../../shared/ids.js';
import { liveVariant } from './product.service.js';
import { ProductVariant } from './product-variant.entity.js';

export type PriceChangeInput = {
  listPriceAmount?: number | null;
  unitCostAmount?: number | null;
  /** Must be the variant's currency (prices of a variant share one currency). */
  currency?: string | null;
  reason?: string | null;
};

/**
 * Sets the context the price-history trigger records (why, and optionally since when) for the rest
 * of this transaction. Who comes from `app.user_id`, set for every request.
 */
export async function describePriceChange(em: EntityManager, reason: string, effectiveAt?: Date): Promise<void> {
  await em.execute(`select set_config('app.price_change_reason', ?, true), set_config('app.price_effective_at', ?, true)`, [
    reason,
    effectiveAt ? effectiveAt.toISOString() : '',
  ]);
}

export function checkAmount(check: InputCheck, field: string, amount: number | null | undefined): void {
  if (amount == null) return;
  if (!Number.isSafeInteger(amount) || amount < 0)
    check.fail(field, UserErrorCode.INVALID, `${field} must be a whole number of minor units, zero or more`);
}

/** Changes a variant's list price and/or unit cost; the trigger appends the history in the same transaction. */
export async function changeVariantPrices(em: EntityManager, variantId: string, input: PriceChangeInput): Promise<ProductVariant> {
  const check = new InputCheck();
  checkAmount(check, 'listPriceAmount', input.listPriceAmount);
  checkAmount(check, 'unitCostAmount', input.unitCostAmount);
  check.done();
  return inTransaction(em, async (tx) => {
    const variant = isUuid(variantId) ? await tx.findOne(ProductVariant, { id: variantId, ...liveVariant() }) : null;
    if (!variant) throw PayloadError.of(UserErrorCode.NOT_FOUND, 'variantId', `No variant ${variantId}`);
    const currency = variant.listPrice.currency;
    if (input.currency != null && input.currency !== currency) {
      throw PayloadError.of(UserErrorCode.CURRENCY_MISMATCH, 'currency', `Variant ${variant.sku} is priced in ${currency}, not ${input.currency}`);
    }
    await describePriceChange(tx, input.reason?.trim() ?? '');
    if (input.listPriceAmount != null) variant.listPrice = Money.of(input.listPriceAmount, currency);
    if (input.unitCostAmount != null) variant.unitCost = Money.of(input.unitCostAmount, currency);
    await tx.flush();
    return variant;
  });
}

/** Every recorded value of a variant's prices, oldest first. */
export function priceHistory(em: EntityManager, variantId: string, kind?: PriceKind): Promise<PriceChange[]> {
  return em.find(PriceChange, { variant: variantId, ...(kind ? { kind } : {}) }, { orderBy: { validFrom: 'asc', createdAt: 'asc' } });
}

/** The price in force at `at` (the last change at or before it that was not yet superseded). */
export function priceAt(em: EntityManager, variantId: string, kind: PriceKind, at: Date): Promise<PriceChange | null> {
  return em.findOne(
    PriceChange,
    { variant: variantId, kind, validFrom: { $lte: at }, $or: [{ validTo: null }, { validTo: { $gt: at } }] },
    { orderBy: { validFrom: 'desc', createdAt: 'desc' } },
  );
}
