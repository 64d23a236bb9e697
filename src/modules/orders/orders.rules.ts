import { allowAll, and, hasFeature, isMember, type RuleMap } from '../../shared/permissions.js';
import { admin, connections, editor } from '../customers/customers.rules.js';

const ORDERS = hasFeature('sales.order_management');
const orderReader = and(isMember, ORDERS);
const orderEditor = and(editor, ORDERS);

export const ordersRules: RuleMap = {
  Query: {
    order: orderReader,
    orders: orderReader,
    shipment: orderReader,
    invoice: orderReader,
    invoices: orderReader,
  },
  Mutation: {
    createOrder: orderEditor,
    createOrderFromOpportunity: orderEditor,
    updateOrder: orderEditor,
    confirmOrder: orderEditor,
    cancelOrder: orderEditor,
    createShipment: orderEditor,
    markShipmentDelivered: orderEditor,
    createInvoice: orderEditor,
    updateInvoice: orderEditor,
    issueInvoice: orderEditor,
    voidInvoice: and(admin, ORDERS),
    recordPayment: orderEditor,
  },
  // Order data reached from a pipeline record follows the plan feature too.
  Opportunity: { orders: ORDERS },
  ...allowAll(
    'Order',
    'OrderLine',
    'Shipment',
    'ShipmentLine',
    'Invoice',
    'InvoiceLine',
    'Payment',
    'OrderPayload',
    'ShipmentPayload',
    'InvoicePayload',
    'PaymentPayload',
    ...connections('Order', 'Invoice'),
  ),
};
