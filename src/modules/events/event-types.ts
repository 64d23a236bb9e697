/**
 * The catalogue of domain event types (contract; the events module completes it with every record
 * type's created/updated/deleted, descriptions and payload shapes, and registers the GraphQL enum).
 */
export enum EventType {
  LEAD_CREATED = 'lead.created',
  LEAD_CONVERTED = 'lead.converted',
  OPPORTUNITY_STAGE_CHANGED = 'opportunity.stage_changed',
  OPPORTUNITY_WON = 'opportunity.won',
  OPPORTUNITY_LOST = 'opportunity.lost',
  ORDER_CONFIRMED = 'order.confirmed',
  ORDER_FULFILLED = 'order.fulfilled',
  ORDER_CANCELLED = 'order.cancelled',
  SHIPMENT_CREATED = 'shipment.created',
  INVOICE_ISSUED = 'invoice.issued',
  INVOICE_PAID = 'invoice.paid',
  INVOICE_OVERDUE = 'invoice.overdue',
  PAYMENT_RECORDED = 'payment.recorded',
  STOCK_LOW = 'stock.low',
  PRODUCT_PRICE_CHANGED = 'product.price_changed',
  ANOMALY_DETECTED = 'anomaly.detected',
}
