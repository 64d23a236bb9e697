import { registerEnumType } from 'type-graphql';

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
