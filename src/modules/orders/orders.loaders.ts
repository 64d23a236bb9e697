import type { EntityManager } from '@mikro-orm/sql';
import { loaderById, loaderOfChildren } from '../core/core.loaders.js';
import { Invoice, InvoiceLine, Payment } from './invoice.entity.js';
import { OrderLine, SalesOrder } from './order.entity.js';
import { Shipment, ShipmentLine } from './shipment.entity.js';

/**
 * Per-request loaders of the orders module (one statement per loader per tick). They read through
 * the request's EntityManager, so the tenant filter and row-level security keep them in the organization.
 */
export function createOrdersLoaders(em: EntityManager) {
  const byId = <T extends { id: string }>(entity: new () => T) => loaderById(em, entity);
  const childrenOf = <T extends object>(
    entity: new () => T,
    parent: string,
    orderBy: Record<string, 'asc' | 'desc'>,
    extra: Record<string, unknown> = {},
  ) => loaderOfChildren(em, entity, parent, orderBy, extra);
  return {
    orderById: byId(SalesOrder),
    orderLineById: byId(OrderLine),
    invoiceById: byId(Invoice),
    ordersByOpportunityId: childrenOf(SalesOrder, 'opportunity', { orderedAt: 'asc' }),
    orderLinesByOrderId: childrenOf(OrderLine, 'order', { position: 'asc' }),
    shipmentsByOrderId: childrenOf(Shipment, 'order', { shippedAt: 'asc' }),
    shipmentLinesByShipmentId: childrenOf(ShipmentLine, 'shipment', { createdAt: 'asc' }),
    invoicesByOrderId: childrenOf(Invoice, 'order', { createdAt: 'asc' }),
    invoiceLinesByInvoiceId: childrenOf(InvoiceLine, 'invoice', { position: 'asc' }),
    paymentsByInvoiceId: childrenOf(Payment, 'invoice', { paidAt: 'asc' }),
  };
}

export type OrdersLoaders = ReturnType<typeof createOrdersLoaders>;
