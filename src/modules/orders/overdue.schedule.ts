import { emitEvent } from '../events/emit.js';
import { EventType } from '../events/event-types.js';
import type { Schedule } from '../jobs/job-types.js';
import { Invoice } from './invoice.entity.js';
import { InvoiceStatus } from './orders-enums.js';

/** Most invoices one run marks, so its transaction stays short; the next run (or a retry) takes the rest. */
const BATCH = 1_000;

/**
 * Invoices issued or partly paid, with a balance, past their due date (UTC): marked overdue once
 * (`overdueAt`), each with an `invoice.overdue` event in the same transaction.
 */
export const overdueInvoicesSchedule: Schedule = {
  key: 'overdue-invoices',
  description: 'Marks invoices past due with a balance as overdue, once each, emitting invoice.overdue.',
  cron: (config) => config.jobs.schedules.overdueInvoices,
  async run({ em, organizationId, now }) {
    const today = now.toISOString().slice(0, 10);
    const invoices = await em.find(
      Invoice,
      { status: { $in: [InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID] }, dueDate: { $lt: today }, overdueAt: null },
      { orderBy: { dueDate: 'asc', id: 'asc' }, limit: BATCH },
    );
    for (const invoice of invoices) {
      if (invoice.amountPaid >= invoice.totalAmount) continue;
      invoice.overdueAt = now;
      emitEvent(em, {
        organizationId,
        type: EventType.INVOICE_OVERDUE,
        subject: { type: 'Invoice', id: invoice.id },
        changes: { status: { from: invoice.status, to: InvoiceStatus.OVERDUE } },
        data: {
          number: invoice.number,
          dueDate: invoice.dueDate,
          balance: { amount: invoice.totalAmount - invoice.amountPaid, currency: invoice.currency },
        },
      });
    }
    await em.flush();
  },
};
