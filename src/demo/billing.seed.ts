import { randomUUID } from 'node:crypto';
import type { LinePlan, OrderPlan } from './orders.seed.js';
import { DAY, HOUR, insertRows, isoDate, onWeekday, type Rng, type Row, type SeedContext } from './seed-kit.js';
import { type Billed, billNow, type LineTotals, prorated } from '../shared/totals.js';
import { InvoiceStatus, PaymentMethod } from '../modules/orders/orders-enums.js';

/**
 * Demo invoices (one per shipment, billing what shipped), their payments, and the document
 * sequences that let later orders and invoices continue the numbering.
 */

const PAYMENT_TERMS_DAYS = 30;
/** Every so many invoices older than six weeks, one was voided and issued again. */
const VOID_EVERY = 700;
const VOID_REASONS = ['Billed to the wrong contact', 'Duplicate of an earlier invoice', 'Wrong purchase order reference'];

type PaymentPlan = { id: string; at: number; amount: number; method: PaymentMethod; reference: string | null };

export type InvoicePlan = {
  id: string;
  order: OrderPlan;
  number: string;
  issuedAt: number;
  lines: { line: LinePlan; quantity: number; amounts: Billed }[];
  totals: { subtotal: number; discount: number; tax: number; total: number };
  voided: { at: number; reason: string } | null;
  payments: PaymentPlan[];
};

/** How customers pay: days after issue and share of the total per payment. */
const BEHAVIOURS: { weight: number; parts: (r: Rng) => { days: number; share: number }[] }[] = [
  { weight: 74, parts: (r) => [{ days: r.between(3, 30), share: 1 }] },
  { weight: 17, parts: (r) => [{ days: r.between(31, 80), share: 1 }] },
  {
    weight: 7,
    parts: (r) => {
      const share = r.between(0.3, 0.7);
      return [
        { days: r.between(10, 35), share },
        { days: r.between(45, 100), share: 1 - share },
      ];
    },
  },
  { weight: 2, parts: () => [] },
];

const METHODS: { method: PaymentMethod; weight: number; reference: (r: Rng) => string | null }[] = [
  { method: PaymentMethod.BANK_TRANSFER, weight: 55, reference: (r) => `BT-${r.int(10_000_000, 99_999_999)}` },
  { method: PaymentMethod.CARD, weight: 28, reference: (r) => `card ending ${r.int(1000, 9999)}` },
  { method: PaymentMethod.CHECK, weight: 12, reference: (r) => `check #${r.int(1000, 9999)}` },
  { method: PaymentMethod.CASH, weight: 3, reference: () => null },
  { method: PaymentMethod.OTHER, weight: 2, reference: () => null },
];

/**
 * An invoice for each shipment issued by `now`, with the order lines' amounts for exactly the
 * shipped units (as createInvoice bills the FULFILLED basis), so an order's invoices add up to it.
 * Numbers are gap-free per year in issue order; void invoices keep theirs.
 */
/** What an order line stores, as invoicing reads it. */
const stored = (line: LinePlan): LineTotals => ({
  quantity: line.quantity,
  unitPrice: line.unitPrice,
  discount: line.amounts.discount,
  tax: line.amounts.tax,
});

export function planInvoices(ctx: SeedContext, orders: OrderPlan[]): InvoicePlan[] {
  const { r, now } = ctx;
  const invoices: InvoicePlan[] = [];
  let old = 0;
  for (const order of orders) {
    for (const shipment of order.shipments) {
      let issuedAt = shipment.at + r.between(1, 30) * HOUR;
      if (issuedAt > now) continue;
      const lines = shipment.lines.map(({ line, quantity }) => ({
        line,
        quantity,
        // Billed as createInvoice bills: the line's stored amounts prorated, minus what is already billed.
        amounts: billNow(stored(line), line.invoiced + quantity, prorated(stored(line), line.invoiced)),
      }));
      if (issuedAt < now - 45 * DAY && old++ % VOID_EVERY === VOID_EVERY / 2) {
        const voidedAt = issuedAt + r.between(1, 3) * DAY;
        invoices.push({ ...invoice(order, issuedAt, lines), voided: { at: voidedAt, reason: r.pick(VOID_REASONS) } });
        issuedAt = voidedAt + r.between(1, 20) * HOUR;
      }
      for (const l of lines) l.line.invoiced += l.quantity;
      const billed = invoice(order, issuedAt, lines);
      billed.payments = payments(ctx, billed);
      invoices.push(billed);
    }
  }
  number(invoices);
  return invoices;
}

function invoice(order: OrderPlan, issuedAt: number, lines: InvoicePlan['lines']): InvoicePlan {
  const sum = (key: keyof Billed) => lines.reduce((a, l) => a + l.amounts[key], 0);
  return {
    id: randomUUID(),
    order,
    number: '',
    issuedAt,
    lines,
    totals: { subtotal: sum('subtotal'), discount: sum('discount'), tax: sum('tax'), total: sum('total') },
    voided: null,
    payments: [],
  };
}

/** The payments made by `now`: most on time, some late or in instalments, a few never. */
function payments(ctx: SeedContext, invoice: InvoicePlan): PaymentPlan[] {
  const { r, now } = ctx;
  const total = invoice.totals.total;
  const parts = r.weighted(BEHAVIOURS, (b) => b.weight).parts(r);
  let left = total;
  const planned = parts.map((part, k) => {
    const amount = k === parts.length - 1 ? left : Math.min(total - 1, Math.max(1, Math.round(total * part.share)));
    left -= amount;
    const method = r.weighted(METHODS, (m) => m.weight);
    return { id: randomUUID(), at: onWeekday(invoice.issuedAt + part.days * DAY), amount, method: method.method, reference: method.reference(r) };
  });
  return planned.filter((p) => p.at <= now && p.amount > 0);
}

/** INV-<year>-NNNNNN, counting from 1 in each year in the order they were issued. */
function number(invoices: InvoicePlan[]): void {
  const counters = new Map<number, number>();
  for (const inv of [...invoices].sort((a, b) => a.issuedAt - b.issuedAt)) {
    const year = new Date(inv.issuedAt).getUTCFullYear();
    const n = (counters.get(year) ?? 0) + 1;
    counters.set(year, n);
    inv.number = `INV-${year}-${String(n).padStart(6, '0')}`;
  }
}

const paidOf = (inv: InvoicePlan) => inv.payments.reduce((a, p) => a + p.amount, 0);

function statusOf(inv: InvoicePlan): InvoiceStatus {
  if (inv.voided) return InvoiceStatus.VOID;
  const paid = paidOf(inv);
  // Nothing to pay is settled as issued, as issueInvoice does.
  if (inv.totals.total === 0) return InvoiceStatus.PAID;
  return paid === 0 ? InvoiceStatus.ISSUED : paid === inv.totals.total ? InvoiceStatus.PAID : InvoiceStatus.PARTIALLY_PAID;
}

/**
 * Invoices go in as drafts with their lines (a trigger refuses lines of issued invoices), then
 * one UPDATE per chunk issues them, as issueInvoice, recordPayment and voidInvoice would have.
 */
export async function writeInvoices(ctx: SeedContext, invoices: InvoicePlan[]): Promise<void> {
  await insertRows(
    ctx.em,
    'invoices',
    ctx.organizationId,
    invoices.map((inv) => draftRow(ctx, inv)),
  );
  await insertRows(ctx.em, 'invoice_lines', ctx.organizationId, invoices.flatMap(lineRows));
  // Payments first, so amount_paid equals the recorded payments from the moment it is set.
  await insertRows(
    ctx.em,
    'payments',
    ctx.organizationId,
    invoices.flatMap((inv) => paymentRows(ctx, inv)),
  );
  await issueInvoices(ctx, invoices);
}

function draftRow(ctx: SeedContext, inv: InvoicePlan): Row {
  const created = new Date(inv.issuedAt);
  return {
    id: inv.id,
    created_at: created,
    updated_at: created,
    order_id: inv.order.id,
    account_id: inv.order.customer.id,
    currency: 'USD',
    status: InvoiceStatus.DRAFT,
    due_date: isoDate(inv.issuedAt + PAYMENT_TERMS_DAYS * DAY),
    subtotal_amount: inv.totals.subtotal,
    discount_total_amount: inv.totals.discount,
    tax_total_amount: inv.totals.tax,
    total_amount: inv.totals.total,
    created_by_id: ctx.userId,
  };
}

function lineRows(inv: InvoicePlan): Row[] {
  const created = new Date(inv.issuedAt);
  return inv.lines.map((l, position) => ({
    id: randomUUID(),
    created_at: created,
    updated_at: created,
    invoice_id: inv.id,
    order_line_id: l.line.id,
    position,
    // As createInvoice describes a line.
    description: `${l.line.variant.sku} ${l.line.variant.description}`.slice(0, 600),
    quantity: l.quantity,
    currency: 'USD',
    unit_price_amount: l.line.unitPrice,
    subtotal_amount: l.amounts.subtotal,
    discount_amount: l.amounts.discount,
    tax_amount: l.amounts.tax,
    total_amount: l.amounts.total,
  }));
}

function paymentRows(ctx: SeedContext, inv: InvoicePlan): Row[] {
  return inv.payments.map((p) => ({
    id: p.id,
    created_at: new Date(p.at),
    updated_at: new Date(p.at),
    invoice_id: inv.id,
    amount: p.amount,
    currency: 'USD',
    method: p.method,
    paid_at: new Date(p.at),
    reference: p.reference,
    recorded_by_id: ctx.userId,
  }));
}

async function issueInvoices(ctx: SeedContext, invoices: InvoicePlan[]): Promise<void> {
  for (let i = 0; i < invoices.length; i += 500) {
    const chunk = invoices.slice(i, i + 500);
    const params: unknown[] = [];
    for (const inv of chunk) {
      const status = statusOf(inv);
      const lastPayment = inv.payments.at(-1)?.at ?? null;
      const updated = Math.max(inv.issuedAt, inv.voided?.at ?? 0, lastPayment ?? 0);
      params.push(
        inv.id,
        inv.number,
        status,
        new Date(inv.issuedAt),
        paidOf(inv),
        status === InvoiceStatus.PAID ? new Date(lastPayment ?? inv.issuedAt) : null,
        inv.voided ? new Date(inv.voided.at) : null,
        inv.voided?.reason ?? null,
        new Date(updated),
      );
    }
    await ctx.em.execute(
      `update invoices i set number = d.number, status = d.status::invoice_status, issued_at = d.issued_at::timestamptz,
         amount_paid = d.amount_paid::bigint, paid_at = d.paid_at::timestamptz, voided_at = d.voided_at::timestamptz,
         void_reason = d.void_reason, updated_at = d.updated_at::timestamptz
       from (values ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')})
         as d(id, number, status, issued_at, amount_paid, paid_at, voided_at, void_reason, updated_at)
       where i.id = d.id::uuid and i.organization_id = ?`,
      [...params, ctx.organizationId],
    );
  }
}

/** Counters at the highest numbers used, so the services continue SO-… and INV-<year>-… without gaps or collisions. */
export async function writeSequences(ctx: SeedContext, orders: OrderPlan[], invoices: InvoicePlan[]): Promise<void> {
  const last = new Map<number, number>();
  for (const inv of invoices) {
    const [, year, n] = inv.number.split('-');
    last.set(Number(year), Math.max(last.get(Number(year)) ?? 0, Number(n)));
  }
  const now = new Date(ctx.now);
  const rows: Row[] = [{ id: randomUUID(), created_at: now, updated_at: now, kind: 'order', year: 0, last_value: orders.length }];
  for (const [year, value] of last) rows.push({ id: randomUUID(), created_at: now, updated_at: now, kind: 'invoice', year, last_value: value });
  await insertRows(ctx.em, 'document_sequences', ctx.organizationId, rows);
}
