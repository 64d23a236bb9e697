import type { EntityManager } from '@mikro-orm/sql';
import { normalizeId } from '../../shared/ids.js';
import { InputCheck } from '../../shared/input-check.js';
import { checkCurrency, checkMoney, decimalMoney } from '../../shared/money.js';
import { findRecord } from '../../shared/find-record.js';
import { inTransaction } from '../../shared/transaction.js';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import { tryOrderMovement } from '../catalog/inventory.service.js';
import { Warehouse } from '../catalog/warehouse.entity.js';
import { Account } from '../customers/account.entity.js';
import { idempotent, nextNumber } from './bookkeeping.service.js';
import { Contact } from '../customers/contact.entity.js';
import type {
  ConfirmOrderInput,
  CreateOrderFromOpportunityInput,
  CreateOrderInput,
  OrderLineInput,
  UpdateOrderInput,
} from './dto/order-inputs.dto.js';
import { Opportunity, OpportunityLine } from '../customers/opportunity.entity.js';
import { OrderLine, SalesOrder } from './order.entity.js';
import { type Actor, checkExists, optionalId, optionalText } from '../customers/record-input.js';
import { checkLine, MAX_LINES, variantsOf } from '../customers/line-items.js';
import { priceOrder } from '../../shared/totals.js';
import { OrderStatus } from './orders-enums.js';

/** An order of the organization, optionally locked for the rest of the transaction; NOT_FOUND otherwise. */
export const findOrder = (em: EntityManager, id: string, lock = false) => findRecord(em, SalesOrder, 'Order', id, { includeDeleted: true, lock });

export const linesOf = (em: EntityManager, orderId: string) => em.find(OrderLine, { order: orderId }, { orderBy: { position: 'asc' } });

const rate = (check: InputCheck, field: string, value: number | null | undefined, max: number) => {
  if (value != null && (!Number.isInteger(value) || value < 0 || value > max))
    check.fail(field, UserErrorCode.INVALID, `${field} must be 0 to ${max} basis points`);
};

type PricedLine = {
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
async function checkLines(
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
async function writeLines(tx: EntityManager, actor: Actor, order: SalesOrder, lines: PricedLine[], replacing: boolean): Promise<void> {
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

async function checkOrderFields(
  em: EntityManager,
  check: InputCheck,
  input: Pick<UpdateOrderInput, 'contactId' | 'warehouseId' | 'discount' | 'taxRateBps'>,
  currency: string | null,
) {
  const contactId = optionalId(check, 'contactId', input.contactId);
  const warehouseId = optionalId(check, 'warehouseId', input.warehouseId);
  await checkExists(em, check, 'contactId', Contact, contactId, 'contact');
  await checkExists(em, check, 'warehouseId', Warehouse, warehouseId, 'warehouse');
  checkMoney(check, 'discount', input.discount, { currency, what: 'the order' });
  rate(check, 'taxRateBps', input.taxRateBps, 100_000);
  return { contactId, warehouseId };
}

async function insertOrder(tx: EntityManager, actor: Actor, input: CreateOrderInput): Promise<SalesOrder> {
  const check = new InputCheck();
  const accountId = optionalId(check, 'accountId', input.accountId);
  const opportunityId = optionalId(check, 'opportunityId', input.opportunityId);
  await checkExists(tx, check, 'accountId', Account, accountId, 'account');
  await checkExists(tx, check, 'opportunityId', Opportunity, opportunityId, 'opportunity');
  const given = checkCurrency(check, 'currency', input.currency) ? (input.currency ?? null) : null;
  const { lines, currency } = await checkLines(tx, check, input.lines, given);
  const { contactId, warehouseId } = await checkOrderFields(tx, check, input, currency);
  const notes = optionalText(check, 'notes', input.notes, 5_000);
  check.done();
  const number = await nextNumber(tx, actor.organizationId, 'order');
  const order = tx.create(SalesOrder, {
    organization: actor.organizationId,
    number: `SO-${String(number).padStart(6, '0')}`,
    account: accountId!,
    contact: contactId ?? null,
    opportunity: opportunityId ?? null,
    warehouse: warehouseId ?? null,
    currency,
    discountAmount: input.discount?.amount ?? 0,
    taxRateBps: input.taxRateBps ?? 0,
    notes: notes ?? '',
    orderedAt: input.orderedAt ?? actor.now,
    createdBy: actor.userId,
  });
  await writeLines(tx, actor, order, lines, false);
  await tx.flush();
  return order;
}

/** Creates a draft order; with an idempotency key, a repeated call returns the first order. */
export function createOrder(em: EntityManager, actor: Actor, input: CreateOrderInput): Promise<SalesOrder> {
  return inTransaction(em, (tx) =>
    idempotent(
      tx,
      actor,
      'createOrder',
      input.idempotencyKey,
      input,
      () => insertOrder(tx, actor, input),
      (id) => findOrder(tx, id),
    ),
  );
}

export function createOrderFromOpportunity(em: EntityManager, actor: Actor, input: CreateOrderFromOpportunityInput): Promise<SalesOrder> {
  return inTransaction(em, (tx) =>
    idempotent(
      tx,
      actor,
      'createOrderFromOpportunity',
      input.idempotencyKey,
      input,
      async () => {
        const opportunity = await findRecord(tx, Opportunity, 'Opportunity', input.opportunityId);
        const lines = await tx.find(OpportunityLine, { opportunity }, { orderBy: { position: 'asc' }, populate: ['variant'] });
        if (lines.length === 0) throw PayloadError.of(UserErrorCode.INVALID, 'opportunityId', 'The opportunity has no lines to order');
        return insertOrder(tx, actor, {
          accountId: opportunity.account.id,
          contactId: opportunity.primaryContact?.id ?? null,
          opportunityId: opportunity.id,
          warehouseId: input.warehouseId,
          currency: opportunity.amount.currency,
          taxRateBps: input.taxRateBps,
          lines: lines.map((l) => {
            const override = l.unitPrice.amount !== l.variant.getEntity().listPrice.amount;
            return {
              variantId: l.variant.id,
              quantity: l.quantity,
              unitPrice: { amount: l.unitPrice.amount, currency: l.unitPrice.currency },
              priceOverrideReason: override ? `Quoted on opportunity "${opportunity.name}"` : null,
            };
          }),
        });
      },
      (id) => findOrder(tx, id),
    ),
  );
}

const requireStatus = (order: SalesOrder, allowed: OrderStatus[], action: string) => {
  if (!allowed.includes(order.status))
    throw PayloadError.of(UserErrorCode.INVALID_STATE, 'id', `Order ${order.number} is ${order.status}: it cannot be ${action}`);
};

/** The variants an order already has (they stay allowed on it even if no longer for sale). */
async function variantsOnOrder(tx: EntityManager, order: SalesOrder): Promise<Set<string>> {
  return new Set((await tx.find(OrderLine, { order: order.id }, { fields: ['variant'] })).map((l) => l.variant.id));
}

export function updateOrder(em: EntityManager, actor: Actor, input: UpdateOrderInput): Promise<SalesOrder> {
  return inTransaction(em, async (tx) => {
    const order = await findOrder(tx, input.id, true);
    requireStatus(order, [OrderStatus.DRAFT], 'edited');
    const check = new InputCheck();
    const { contactId, warehouseId } = await checkOrderFields(tx, check, input, order.currency);
    const newLines = input.lines != null ? await checkLines(tx, check, input.lines, order.currency, await variantsOnOrder(tx, order)) : null;
    const notes = optionalText(check, 'notes', input.notes, 5_000);
    check.done();
    if (contactId !== undefined) order.contact = contactId as never;
    if (warehouseId !== undefined) order.warehouse = warehouseId as never;
    if (input.discount != null) order.discountAmount = input.discount.amount;
    if (input.taxRateBps != null) order.taxRateBps = input.taxRateBps;
    if (notes !== undefined) order.notes = notes ?? '';
    const repricing = newLines !== null || input.discount != null || input.taxRateBps != null;
    if (!repricing) {
      // Notes, contact or warehouse only: the lines (and their IDs) stay as they are.
      await tx.flush();
      return order;
    }
    // Re-price from the stored lines when only order-level values changed.
    const lines =
      newLines?.lines ??
      (await linesOf(tx, order.id)).map((l) => ({
        variantId: l.variant.id,
        sku: l.sku,
        listPrice: l.listPriceAmount,
        description: l.description,
        quantity: l.quantity,
        discountBps: l.discountBps,
        // Lines without a rate of their own follow the order's.
        taxRateBps: l.taxRateFromOrder ? null : l.taxRateBps,
        unitPrice: l.unitPriceAmount,
        reason: l.priceOverrideReason,
      }));
    await writeLines(tx, actor, order, lines, true);
    await tx.flush();
    return order;
  });
}

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
