import type { NodeSpec } from '../../shared/node.js';
import { DocumentSequence, IdempotencyKey } from './bookkeeping.entity.js';
import { Invoice, InvoiceLine, Payment } from './invoice.entity.js';
import { OrderLine, SalesOrder } from './order.entity.js';
import { Shipment, ShipmentLine } from './shipment.entity.js';
import { ShipmentLineResolver, ShipmentResolver } from './fulfillment.resolver.js';
import { InvoiceLineResolver, InvoiceResolver, PaymentResolver } from './invoice.resolver.js';
import { OpportunityOrdersResolver, OrderLineResolver, OrderResolver } from './order.resolver.js';
import { createOrdersLoaders } from './orders.loaders.js';
import { ordersRules } from './orders.rules.js';
import { overdueInvoicesSchedule } from './overdue.schedule.js';

/** Order to cash: orders, shipments, invoices, payments, document numbers and idempotency keys. */
export const ordersModule = {
  resolvers: [
    OrderResolver,
    OrderLineResolver,
    OpportunityOrdersResolver,
    ShipmentResolver,
    ShipmentLineResolver,
    InvoiceResolver,
    InvoiceLineResolver,
    PaymentResolver,
  ] as const,
  rules: ordersRules,
  loaders: createOrdersLoaders,
  /** Its entities, for the ORM (src/db/entities.ts). */
  entities: [SalesOrder, OrderLine, Shipment, ShipmentLine, Invoice, InvoiceLine, Payment, DocumentSequence, IdempotencyKey],
  /** Records `node(id)` refetches, each under the rule of the query that reads it (order data needs `sales.order_management`). */
  nodes: [
    { entity: SalesOrder, query: 'order' },
    { entity: OrderLine, query: 'order' },
    { entity: Shipment, query: 'shipment' },
    { entity: ShipmentLine, query: 'shipment' },
    { entity: Invoice, query: 'invoice' },
    { entity: InvoiceLine, query: 'invoice' },
    { entity: Payment, query: 'invoice' },
  ] satisfies NodeSpec[],
  handlers: [],
  schedules: [overdueInvoicesSchedule],
  tasks: [],
};
