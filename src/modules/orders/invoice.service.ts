import type { EntityManager } from '@mikro-orm/sql';
import { InputCheck } from '../../shared/input-check.js';
import { checkMoney, decimalMoney } from '../../shared/money.js';
import { findRecord } from '../../shared/find-record.js';
import { inTransaction } from '../../shared/transaction.js';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import { idempotent, nextNumber } from './bookkeeping.service.js';
import {
  type CreateInvoiceInput,
  InvoiceBasis,
  type RecordPaymentInput,
  type UpdateInvoiceInput,
  type VoidInvoiceInput,
} from './dto/order-inputs.dto.js';
import { Invoice, InvoiceLine, Payment } from './invoice.entity.js';
import { OrderLine } from './order.entity.js';
import { findOrder, linesOf } from './order.service.js';
import { type Actor, optionalDate, optionalText } from '../customers/record-input.js';
import { billNow } from '../../shared/totals.js';
import { InvoiceStatus, OrderStatus } from './orders-enums.js';

const PAYMENT_TERMS_DAYS = 30;
const NOTHING_BILLED = { subtotal: 0, discount: 0, tax: 0 };

/** Per order line, what its invoices that are not void bill so far. */
async function billedSoFar(em: EntityManager, lines: OrderLine[]): Promise<Map<string, { subtotal: number; discount: number; tax: number }>> {
  const rows = await em.find(InvoiceLine, { orderLine: { $in: lines.map((l) => l.id) }, invoice: { status: { $ne: InvoiceStatus.VOID } } });
  const sums = new Map<string, { subtotal: number; discount: number; tax: number }>();
  for (const row of rows) {
    const sum = sums.get(row.orderLine.id) ?? { ...NOTHING_BILLED };
    sum.subtotal += row.subtotalAmount;
    sum.discount += row.discountAmount;
    sum.tax += row.taxAmount;
    sums.set(row.orderLine.id, sum);
  }
  return sums;
}

export const findInvoice = (em: EntityManager, id: string, lock = false) => findRecord(em, Invoice, 'Invoice', id, { includeDeleted: true, lock });

const today = (now: Date) => now.toISOString().slice(0, 10);
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The stored status, or OVERDUE for an unpaid issued invoice past its due date. */
export function invoiceStatus(invoice: Invoice, now: Date): InvoiceStatus {
  const open = invoice.status === InvoiceStatus.ISSUED || invoice.status === InvoiceStatus.PARTIALLY_PAID;
  return open && invoice.dueDate < today(now) ? InvoiceStatus.OVERDUE : invoice.status;
}

/** Takes the next gap-free number of the issue year and issues the invoice (caller's transaction). */
async function issue(tx: EntityManager, actor: Actor, invoice: Invoice): Promise<void> {
  const year = actor.now.getUTCFullYear();
  const n = await nextNumber(tx, actor.organizationId, 'invoice', year);
  Object.assign(invoice, { number: `INV-${year}-${String(n).padStart(6, '0')}`, status: InvoiceStatus.ISSUED, issuedAt: actor.now });
  // Nothing to pay (a fully discounted order): settled as issued.
  if (invoice.totalAmount === 0) Object.assign(invoice, { status: InvoiceStatus.PAID, paidAt: actor.now });
}

/**
 * A draft invoice for an order: every ordered quantity not yet invoiced, or (FULFILLED) what has
 * shipped and is not yet invoiced. Line amounts are the order line's amounts for exactly those
 * units, so the invoices of an order add up to the order to the cent.
 */
export function createInvoice(em: EntityManager, actor: Actor, input: CreateInvoiceInput): Promise<Invoice> {
  return inTransaction(em, async (tx) => {
    const order = await findOrder(tx, input.orderId, true);
    if (![OrderStatus.CONFIRMED, OrderStatus.PARTIALLY_FULFILLED, OrderStatus.FULFILLED].includes(order.status))
      throw PayloadError.of(UserErrorCode.INVALID_STATE, 'orderId', `Order ${order.number} is ${order.status}: only confirmed orders are invoiced`);
    const check = new InputCheck();
    const dueDate = optionalDate(check, 'dueDate', input.dueDate) ?? addDays(today(actor.now), PAYMENT_TERMS_DAYS);
    const notes = optionalText(check, 'notes', input.notes, 5000);
    check.done();
    const billable = (l: OrderLine) => (input.basis === InvoiceBasis.FULFILLED ? l.quantityShipped : l.quantity) - l.quantityInvoiced;
    const lines = (await linesOf(tx, order.id)).filter((l) => billable(l) > 0);
    if (lines.length === 0)
      throw PayloadError.of(UserErrorCode.EXCEEDS_REMAINING, 'basis', `Nothing on order ${order.number} remains to invoice on this basis`);
    const invoice = tx.create(Invoice, {
      organization: actor.organizationId,
      order,
      account: order.account,
      currency: order.currency,
      dueDate,
      notes: notes ?? '',
      createdBy: actor.userId,
    });
    const billed = await billedSoFar(tx, lines);
    const totals = { subtotal: 0, discount: 0, tax: 0, total: 0 };
    lines.forEach((line, position) => {
      const quantity = billable(line);
      const whole = { quantity: line.quantity, unitPrice: line.unitPriceAmount, discount: line.discountAmount, tax: line.taxAmount };
      const amounts = billNow(whole, line.quantityInvoiced + quantity, billed.get(line.id) ?? NOTHING_BILLED);
      line.quantityInvoiced += quantity;
      tx.create(InvoiceLine, {
        organization: actor.organizationId,
        invoice,
        orderLine: line,
        position,
        description: `${line.sku} ${line.description}`.slice(0, 600),
        quantity,
        currency: order.currency,
        unitPriceAmount: line.unitPriceAmount,
        subtotalAmount: amounts.subtotal,
        discountAmount: amounts.discount,
        taxAmount: amounts.tax,
        totalAmount: amounts.total,
      });
      totals.subtotal += amounts.subtotal;
      totals.discount += amounts.discount;
      totals.tax += amounts.tax;
      totals.total += amounts.total;
    });
    Object.assign(invoice, {
      subtotalAmount: totals.subtotal,
      discountTotalAmount: totals.discount,
      taxTotalAmount: totals.tax,
      totalAmount: totals.total,
    });
    // Lines go in while the invoice is a draft (a trigger refuses lines of issued invoices).
    await tx.flush();
    if (input.issue) {
      await issue(tx, actor, invoice);
      await tx.flush();
    }
    return invoice;
  });
}

const requireDraft = (invoice: Invoice) => {
  if (invoice.status !== InvoiceStatus.DRAFT)
    throw PayloadError.of(UserErrorCode.INVALID_STATE, 'id', `Invoice ${invoice.number} is issued: only payments and voiding change it`);
};

export function updateInvoice(em: EntityManager, input: UpdateInvoiceInput): Promise<Invoice> {
  return inTransaction(em, async (tx) => {
    const invoice = await findInvoice(tx, input.id, true);
    requireDraft(invoice);
    const check = new InputCheck();
    const dueDate = optionalDate(check, 'dueDate', input.dueDate);
    const notes = optionalText(check, 'notes', input.notes, 5000);
    check.done();
    if (dueDate) invoice.dueDate = dueDate;
    if (notes !== undefined) invoice.notes = notes ?? '';
    await tx.flush();
    return invoice;
  });
}

export function issueInvoice(em: EntityManager, actor: Actor, id: string): Promise<Invoice> {
  return inTransaction(em, async (tx) => {
    const invoice = await findInvoice(tx, id, true);
    requireDraft(invoice);
    await issue(tx, actor, invoice);
    await tx.flush();
    return invoice;
  });
}

/** Voids an invoice without payments; its quantities can be invoiced again. An issued invoice keeps its number. */
export function voidInvoice(em: EntityManager, actor: Actor, input: VoidInvoiceInput): Promise<Invoice> {
  return inTransaction(em, async (tx) => {
    const invoice = await findInvoice(tx, input.id, true);
    const check = new InputCheck();
    check.text('reason', input.reason, { max: 500 });
    check.done();
    if (invoice.status === InvoiceStatus.VOID) throw PayloadError.of(UserErrorCode.INVALID_STATE, 'id', 'The invoice is already void');
    if (invoice.amountPaid > 0 || invoice.status === InvoiceStatus.PAID)
      throw PayloadError.of(UserErrorCode.INVALID_STATE, 'id', 'The invoice is paid or has payments: it cannot be voided');
    await findOrder(tx, invoice.order.id, true);
    const lines = await tx.find(InvoiceLine, { invoice }, { populate: ['orderLine'] });
    for (const line of lines) line.orderLine.getEntity().quantityInvoiced -= line.quantity;
    Object.assign(invoice, { status: InvoiceStatus.VOID, voidedAt: actor.now, voidReason: input.reason.trim() });
    await tx.flush();
    return invoice;
  });
}

/**
 * Records a payment against an issued invoice (row locked: concurrent payments cannot overpay).
 * With an idempotency key, a repeated call returns the first payment.
 */
export function recordPayment(em: EntityManager, actor: Actor, input: RecordPaymentInput): Promise<{ payment: Payment; invoice: Invoice }> {
  return inTransaction(em, async (tx) => {
    const payment = await idempotent(
      tx,
      actor,
      'recordPayment',
      input.idempotencyKey,
      input,
      async () => {
        const invoice = await findInvoice(tx, input.invoiceId, true);
        if (invoice.status !== InvoiceStatus.ISSUED && invoice.status !== InvoiceStatus.PARTIALLY_PAID)
          throw PayloadError.of(
            UserErrorCode.INVALID_STATE,
            'invoiceId',
            `Invoice ${invoice.number ?? invoice.id} is ${invoice.status}: payments need an issued, unpaid invoice`,
          );
        const balance = invoice.totalAmount - invoice.amountPaid;
        const check = new InputCheck();
        checkMoney(check, 'amount', input.amount, { min: 1, currency: invoice.currency, what: 'the invoice' });
        const reference = optionalText(check, 'reference', input.reference, 200);
        check.done();
        const amount = input.amount.amount;
        if (amount > balance)
          throw PayloadError.of(UserErrorCode.EXCEEDS_REMAINING, 'amount.amount', `The balance is ${decimalMoney(balance, invoice.currency)}`);
        const created = tx.create(Payment, {
          organization: actor.organizationId,
          invoice,
          amount,
          currency: invoice.currency,
          method: input.method,
          paidAt: input.paidAt ?? actor.now,
          reference: reference ?? null,
          recordedBy: actor.userId,
        });
        invoice.amountPaid += amount;
        invoice.status = invoice.amountPaid === invoice.totalAmount ? InvoiceStatus.PAID : InvoiceStatus.PARTIALLY_PAID;
        if (invoice.status === InvoiceStatus.PAID) invoice.paidAt = created.paidAt;
        await tx.flush();
        return created;
      },
      async (id) => tx.findOneOrFail(Payment, { id }),
    );
    return { payment, invoice: await tx.findOneOrFail(Invoice, { id: payment.invoice.id }) };
  });
}
