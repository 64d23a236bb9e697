import type { EntityManager } from '@mikro-orm/sql';
import { normalizeId } from '../../shared/ids.js';
import { InputCheck } from '../../shared/input-check.js';
import { decimalMoney } from '../../shared/money.js';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import type { OrderLineInput } from './dto/order-inputs.dto.js';
import { OrderLine, SalesOrder } from './order.entity.js';
import { type Actor, optionalText } from '../customers/record-input.js';
import { checkLine, MAX_LINES, variantsOf } from '../customers/line-items.js';
import { priceOrder } from '../../shared/totals.js';

export const rate = (check: InputCheck, field: string, value: number | null | undefined, max: number) => {
  if (value != null && (!Number.isInteger(value) || value < 0 || value > max))
    check.fail(field, UserErrorCode.INVALID, `${field} must be 0 to ${max} basis points`);
};

export type PricedLine = {
  variantId: string;
  sku: string;
  listPrice: number;
  description: string;
  quantity: number;
  discountBps: number;
  taxRateBps: number | null;
  unitPrice: number;
  reason: string | null;
};

/** Checks lines against the catalog: live variants, one currency, list price unless overridden with a reason. */
export async function checkLines(
  em: EntityManager,
  check: InputCheck,
  lines: OrderLineInput[],
  currency: string | null,
  onRecord: ReadonlySet<string> = new Set(),
): Promise<{ lines: PricedLine[]; currency: string }> {
  if (lines.length === 0 || lines.length > MAX_LINES) check.fail('lines', UserErrorCode.INVALID, `an order has 1 to ${MAX_LINES} lines`);
  const variants = await variantsOf(em, lines);
  const orderCurrency = currency ?? lines.map((l) => variants.get(normalizeId(String(l.variantId)))).find(Boolean)?.listPrice.currency ?? 'USD';
  const priced: PricedLine[] = [];
  lines.forEach((line, i) => {
    const field = `lines.${i}`;
    const variant = checkLine(check, field, line, variants, orderCurrency, 'order', onRecord);
    if (!variant) return;
    const listPrice = variant.listPrice.amount;
    const unitPrice = line.unitPrice?.amount;
    const override = unitPrice != null && unitPrice !== listPrice;
    const reason = optionalText(check, `${field}.priceOverrideReason`, line.priceOverrideReason, 500) ?? null;
    if (override && !reason)
      check.fail(
        `${field}.priceOverrideReason`,
        UserErrorCode.REQUIRED,
        `Give a reason for pricing ${variant.sku} at ${decimalMoney(unitPrice, orderCurrency)} instead of ${decimalMoney(listPrice, orderCurrency)}`,
      );
    rate(check, `${field}.discountBps`, line.discountBps, 10_000);
    rate(check, `${field}.taxRateBps`, line.taxRateBps, 100_000);
    const description = `${variant.product.getEntity().name} – ${variant.name}`.replace(/^ – /, '');
    priced.push({
      variantId: variant.id,
      sku: variant.sku,
      listPrice,
      description,
      quantity: line.quantity,
      discountBps: line.discountBps ?? 0,
      taxRateBps: line.taxRateBps ?? null,
      unitPrice: override ? unitPrice : listPrice,
      reason: override ? reason : null,
    });
  });
  return { lines: priced, currency: orderCurrency };
}

/** Writes the lines and the order's totals (computed here, never taken from the client). */
/** Prices the lines and writes them; `replacing` deletes the order's current lines first (updates, not creation). */
export async function writeLines(tx: EntityManager, actor: Actor, order: SalesOrder, lines: PricedLine[], replacing: boolean): Promise<void> {
  const pricing = lines.map((l) => ({
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    discountBps: l.discountBps,
    taxRateBps: l.taxRateBps ?? order.taxRateBps,
  }));
  const priced = priceOrder(pricing, order.discountAmount);
  if (!Number.isSafeInteger(priced.subtotal) || !Number.isSafeInteger(priced.total))
    throw PayloadError.of(UserErrorCode.INVALID, 'lines', 'The order is too large: its total must stay below 2^53 minor units');
  if (order.discountAmount > priced.maxDiscount)
    throw PayloadError.of(
      UserErrorCode.INVALID,
      'discount.amount',
      `The order discount exceeds what the discounted lines leave (${decimalMoney(priced.maxDiscount, order.currency)})`,
    );
  if (replacing) await tx.nativeDelete(OrderLine, { order: order.id });
  lines.forEach((line, position) => {
    const amounts = priced.lines[position];
    tx.create(OrderLine, {
      organization: actor.organizationId,
      order,
      position,
      variant: line.variantId,
      sku: line.sku,
      description: line.description.slice(0, 600),
      quantity: line.quantity,
      currency: order.currency,
      unitPriceAmount: line.unitPrice,
      listPriceAmount: line.listPrice,
      priceOverrideReason: line.reason,
      discountBps: pricing[position].discountBps,
      taxRateBps: pricing[position].taxRateBps,
      taxRateFromOrder: line.taxRateBps == null,
      subtotalAmount: amounts.subtotal,
      orderDiscountAmount: amounts.orderDiscount,
      discountAmount: amounts.discount,
      taxAmount: amounts.tax,
      totalAmount: amounts.total,
    });
  });
  Object.assign(order, {
    subtotalAmount: priced.subtotal,
    discountTotalAmount: priced.discountTotal,
    taxTotalAmount: priced.taxTotal,
    totalAmount: priced.total,
  });
}
