import type { EntityManager } from '@mikro-orm/sql';
import { InputCheck } from '../../shared/input-check.js';
import { checkCurrency, checkMoney } from '../../shared/money.js';
import { findRecord } from '../../shared/find-record.js';
import { inTransaction } from '../../shared/transaction.js';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import { Warehouse } from '../catalog/warehouse.entity.js';
import { Account } from '../customers/account.entity.js';
import { idempotent, nextNumber } from './bookkeeping.service.js';
import { Contact } from '../customers/contact.entity.js';
import type { CreateOrderFromOpportunityInput, CreateOrderInput, UpdateOrderInput } from './dto/order-inputs.dto.js';
import { Opportunity, OpportunityLine } from '../customers/opportunity.entity.js';
import { OrderLine, SalesOrder } from './order.entity.js';
import { type Actor, checkExists, optionalId, optionalText } from '../customers/record-input.js';
import { OrderStatus } from './orders-enums.js';
import { checkLines, rate, writeLines } from './order-lines.service.js';

/** An order of the organization, optionally locked for the rest of the transaction; NOT_FOUND otherwise. */
export const findOrder = (em: EntityManager, id: string, lock = false) => findRecord(em, SalesOrder, 'Order', id, { includeDeleted: true, lock });

export const linesOf = (em: EntityManager, orderId: string) => em.find(OrderLine, { order: orderId }, { orderBy: { position: 'asc' } });

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

export const requireStatus = (order: SalesOrder, allowed: OrderStatus[], action: string) => {
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
