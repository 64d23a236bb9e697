import { registerEnumType } from 'type-graphql';

/**
 * Records whose creation, change and deletion are events (`<prefix>.created/updated/deleted`), by
 * entity class: the GraphQL type name (the event's subjectType) and the event prefix. Lines,
 * counters, usage and history rows are parts of these records, not records of their own.
 */
export const RECORD_TYPES = {
  Account: { type: 'Account', prefix: 'account' },
  Contact: { type: 'Contact', prefix: 'contact' },
  Lead: { type: 'Lead', prefix: 'lead' },
  Opportunity: { type: 'Opportunity', prefix: 'opportunity' },
  Activity: { type: 'Activity', prefix: 'activity' },
  Pipeline: { type: 'Pipeline', prefix: 'pipeline' },
  PipelineStage: { type: 'PipelineStage', prefix: 'pipeline_stage' },
  Product: { type: 'Product', prefix: 'product' },
  ProductVariant: { type: 'ProductVariant', prefix: 'product_variant' },
  Supplier: { type: 'Supplier', prefix: 'supplier' },
  SupplierOffer: { type: 'SupplierOffer', prefix: 'supplier_offer' },
  Warehouse: { type: 'Warehouse', prefix: 'warehouse' },
  SalesOrder: { type: 'Order', prefix: 'order' },
  Shipment: { type: 'Shipment', prefix: 'shipment' },
  Invoice: { type: 'Invoice', prefix: 'invoice' },
  Payment: { type: 'Payment', prefix: 'payment' },
  Membership: { type: 'Membership', prefix: 'membership' },
  Invitation: { type: 'Invitation', prefix: 'invitation' },
  Conversation: { type: 'Conversation', prefix: 'conversation' },
} as const;

type Prefix = (typeof RECORD_TYPES)[keyof typeof RECORD_TYPES]['prefix'];
type RecordEventName = `${Uppercase<Prefix>}_${'CREATED' | 'UPDATED' | 'DELETED'}`;

/** Domain events with a meaning beyond "a record changed", and what each carries. */
const DOMAIN_EVENTS = {
  LEAD_CONVERTED: ['lead.converted', 'A lead became an account, contact and opportunity. data: { accountId, contactId, opportunityId }.'],
  OPPORTUNITY_STAGE_CHANGED: ['opportunity.stage_changed', 'An opportunity moved to another stage. changes: { stage: { from, to } } (stage names).'],
  OPPORTUNITY_WON: ['opportunity.won', 'An opportunity reached a won stage. changes: { stage }.'],
  OPPORTUNITY_LOST: ['opportunity.lost', 'An opportunity reached a lost stage. changes: { stage }.'],
  ORDER_CONFIRMED: ['order.confirmed', 'An order was confirmed (stock reserved, numbered). changes: { status }.'],
  ORDER_FULFILLED: ['order.fulfilled', 'Everything on an order has shipped. changes: { status }.'],
  ORDER_CANCELLED: ['order.cancelled', 'An order was cancelled (reservations released). changes: { status }.'],
  SHIPMENT_CREATED: ['shipment.created', 'A shipment was recorded for an order.'],
  INVOICE_ISSUED: ['invoice.issued', 'An invoice was numbered and issued. changes: { status }.'],
  INVOICE_PAID: ['invoice.paid', 'An invoice is paid in full. changes: { status }.'],
  INVOICE_OVERDUE: [
    'invoice.overdue',
    'The overdue schedule found an invoice past its due date with a balance (once per invoice). changes: { status }; data: { number, dueDate, balance }.',
  ],
  PAYMENT_RECORDED: ['payment.recorded', 'A payment was recorded against an invoice.'],
  STOCK_LOW: [
    'stock.low',
    'Available stock of a variant (all warehouses) fell to its reorder point or below (once per crossing). changes: { available }; data: { available, reorderPoint, warehouseId, movement }.',
  ],
  PRODUCT_PRICE_CHANGED: ['product.price_changed', "A variant's price changed. changes: { price: { from, to } }."],
  CAMPAIGN_SENT: [
    'campaign.sent',
    'A campaign finished sending (every recipient tried); subject: the Campaign. data: { sent, failed, bounced, unsubscribed, skipped }.',
  ],
  ANOMALY_DETECTED: [
    'anomaly.detected',
    'The daily scan found a new HIGH or MEDIUM anomaly (once per anomaly); subject: the variant (VARIANT_DEMAND) or the Organization. data: { key, metric, periodStart, severity, spike, observed, expected, score, explanation }.',
  ],
} as const;

const recordEvents = Object.fromEntries(
  Object.values(RECORD_TYPES).flatMap(({ type, prefix }) =>
    (['created', 'updated', 'deleted'] as const).map((action) => [
      `${prefix.toUpperCase()}_${action.toUpperCase()}`,
      [
        `${prefix}.${action}`,
        `A ${type} was ${action}. ${action === 'updated' ? 'changes: { field: { from, to } } for each changed field.' : 'changes: {}.'}`,
      ],
    ]),
  ),
) as unknown as Record<RecordEventName, readonly [string, string]>;

const catalogue = { ...recordEvents, ...DOMAIN_EVENTS } as const;
type Catalogue = typeof catalogue;

/** The catalogue of event types: enum names (LEAD_CREATED) with their dotted values (lead.created). */
export const EventType = Object.fromEntries(Object.entries(catalogue).map(([name, [value]]) => [name, value])) as {
  [K in keyof Catalogue]: string;
} & { LEAD_CREATED: 'lead.created' } & Record<keyof typeof DOMAIN_EVENTS, string>;
export type EventType = string;

registerEnumType(EventType, {
  name: 'EventType',
  description: 'The domain event catalogue: what rules and webhook endpoints can name. Each value says what the event carries.',
  valuesConfig: Object.fromEntries(Object.entries(catalogue).map(([name, [, description]]) => [name, { description }])),
});

export enum EventActorKind {
  USER = 'USER',
  API_KEY = 'API_KEY',
  SYSTEM = 'SYSTEM',
}
registerEnumType(EventActorKind, {
  name: 'EventActorKind',
  description: 'Who caused an event.',
  valuesConfig: {
    USER: { description: 'A signed-in user (actorId).' },
    API_KEY: { description: 'An API key (actorId).' },
    SYSTEM: { description: 'The system: a schedule or a job.' },
  },
});

/** Every event type value, for validation. */
export const EVENT_TYPES: ReadonlySet<string> = new Set(Object.values(EventType));
