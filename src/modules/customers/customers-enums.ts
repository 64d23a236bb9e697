import { registerEnumType } from 'type-graphql';

export enum AccountSize {
  MICRO = 'micro',
  SMALL = 'small',
  MEDIUM = 'medium',
  LARGE = 'large',
  ENTERPRISE = 'enterprise',
}
registerEnumType(AccountSize, {
  name: 'AccountSize',
  description: 'Company size by head count.',
  valuesConfig: {
    MICRO: { description: '1–9 people.' },
    SMALL: { description: '10–49 people.' },
    MEDIUM: { description: '50–249 people.' },
    LARGE: { description: '250–999 people.' },
    ENTERPRISE: { description: '1000 people or more.' },
  },
});

export enum LeadStatus {
  NEW = 'new',
  CONTACTED = 'contacted',
  QUALIFIED = 'qualified',
  DISQUALIFIED = 'disqualified',
  CONVERTED = 'converted',
}
registerEnumType(LeadStatus, {
  name: 'LeadStatus',
  description: 'Where a lead stands. CONVERTED is set only by convertLead.',
});

export enum OpportunityStatus {
  OPEN = 'open',
  WON = 'won',
  LOST = 'lost',
}
registerEnumType(OpportunityStatus, { name: 'OpportunityStatus', description: 'Follows the stage: open, or closed as won or lost.' });

export enum AmountSource {
  LINES = 'lines',
  MANUAL = 'manual',
}
registerEnumType(AmountSource, {
  name: 'AmountSource',
  description: "Where an opportunity's amount comes from.",
  valuesConfig: {
    LINES: { description: "The lines' total (0 without lines), recomputed whenever the lines change." },
    MANUAL: { description: 'Set by hand (an `amount` in createOpportunity or updateOpportunity); line changes leave it alone.' },
  },
});

export enum ActivityType {
  TASK = 'task',
  CALL = 'call',
  MEETING = 'meeting',
  NOTE = 'note',
  EMAIL = 'email',
}
registerEnumType(ActivityType, { name: 'ActivityType', description: 'Kind of activity.' });

export enum OrderStatus {
  DRAFT = 'draft',
  CONFIRMED = 'confirmed',
  PARTIALLY_FULFILLED = 'partially_fulfilled',
  FULFILLED = 'fulfilled',
  CANCELLED = 'cancelled',
}
registerEnumType(OrderStatus, {
  name: 'OrderStatus',
  description: 'Lifecycle of an order.',
  valuesConfig: {
    DRAFT: { description: 'Editable; no stock reserved.' },
    CONFIRMED: { description: 'Stock reserved; nothing shipped yet.' },
    PARTIALLY_FULFILLED: { description: 'Some quantities shipped.' },
    FULFILLED: { description: 'Every quantity shipped.' },
    CANCELLED: { description: 'Cancelled; reservations released.' },
  },
});

export enum InvoiceStatus {
  DRAFT = 'draft',
  ISSUED = 'issued',
  PARTIALLY_PAID = 'partially_paid',
  PAID = 'paid',
  VOID = 'void',
  OVERDUE = 'overdue',
}
registerEnumType(InvoiceStatus, {
  name: 'InvoiceStatus',
  description: 'Lifecycle of an invoice.',
  valuesConfig: {
    DRAFT: { description: 'Not issued yet: no number, still editable.' },
    ISSUED: { description: 'Numbered and sent; immutable except for payments and voiding.' },
    PARTIALLY_PAID: { description: 'Some of it paid.' },
    PAID: { description: 'Fully paid.' },
    VOID: { description: 'Cancelled; keeps its number.' },
    OVERDUE: { description: 'Issued or partly paid, with a balance, past its due date (computed, never stored).' },
  },
});

export enum PaymentMethod {
  CASH = 'cash',
  CARD = 'card',
  BANK_TRANSFER = 'bank_transfer',
  CHECK = 'check',
  OTHER = 'other',
}
registerEnumType(PaymentMethod, { name: 'PaymentMethod', description: 'How a payment was made.' });

export enum ShipmentStatus {
  SHIPPED = 'shipped',
  DELIVERED = 'delivered',
}
registerEnumType(ShipmentStatus, { name: 'ShipmentStatus', description: 'Where a shipment is.' });

export enum ChangeAction {
  CREATED = 'created',
  UPDATED = 'updated',
  STAGE_CHANGED = 'stage_changed',
  STATUS_CHANGED = 'status_changed',
  CONVERTED = 'converted',
  DELETED = 'deleted',
  RESTORED = 'restored',
}
registerEnumType(ChangeAction, { name: 'ChangeAction', description: 'What happened to a record.' });

export enum SubjectType {
  ACCOUNT = 'account',
  CONTACT = 'contact',
  LEAD = 'lead',
  OPPORTUNITY = 'opportunity',
}
registerEnumType(SubjectType, { name: 'SubjectType', description: 'Which kind of record an activity or change is about.' });
