import type { NodeSpec } from '../../shared/node.js';
import { Account } from './account.entity.js';
import { Activity, RecordChange } from './activity.entity.js';
import { Contact } from './contact.entity.js';
import { Invoice, InvoiceLine, Payment } from '../orders/invoice.entity.js';
import { Lead } from './lead.entity.js';
import { Opportunity, OpportunityContactRole, OpportunityLine, OpportunityStageChange } from './opportunity.entity.js';
import { OrderLine, SalesOrder } from '../orders/order.entity.js';
import { Pipeline, PipelineStage } from './pipeline.entity.js';
import { Shipment, ShipmentLine } from '../orders/shipment.entity.js';
import { ActivityResolver, RecordChangeResolver } from './activity.resolver.js';
import { AccountResolver, ContactResolver } from './customer.resolver.js';
import { ShipmentLineResolver, ShipmentResolver } from '../orders/fulfillment.resolver.js';
import { InvoiceLineResolver, InvoiceResolver, PaymentResolver } from '../orders/invoice.resolver.js';
import { LeadResolver } from './lead.resolver.js';
import {
  OpportunityContactRoleResolver,
  OpportunityLineResolver,
  OpportunityResolver,
  OpportunityStageChangeResolver,
} from './opportunity.resolver.js';
import { OrderLineResolver, OrderResolver } from '../orders/order.resolver.js';
import { PipelineResolver, PipelineStageResolver } from './pipeline.resolver.js';
import { salesRules } from './customers.rules.js';

export const salesModule = {
  resolvers: [
    AccountResolver,
    ContactResolver,
    LeadResolver,
    PipelineResolver,
    PipelineStageResolver,
    OpportunityResolver,
    OpportunityLineResolver,
    OpportunityContactRoleResolver,
    OpportunityStageChangeResolver,
    ActivityResolver,
    RecordChangeResolver,
    OrderResolver,
    OrderLineResolver,
    ShipmentResolver,
    ShipmentLineResolver,
    InvoiceResolver,
    InvoiceLineResolver,
    PaymentResolver,
  ] as const,
  rules: salesRules,
  /** Records `node(id)` refetches, each under the rule of the query that reads it (order data needs `sales.order_management`). */
  nodes: [
    { entity: Account, query: 'account' },
    { entity: Contact, query: 'contact' },
    { entity: Lead, query: 'lead' },
    { entity: Pipeline, query: 'pipeline' },
    { entity: PipelineStage, query: 'pipeline' },
    { entity: Opportunity, query: 'opportunity' },
    { entity: OpportunityLine, query: 'opportunity' },
    { entity: OpportunityContactRole, query: 'opportunity' },
    { entity: OpportunityStageChange, query: 'opportunity' },
    { entity: Activity, query: 'activity' },
    // Changes are read on the timelines of leads, contacts, accounts and opportunities (all isMember).
    { entity: RecordChange, query: 'account' },
    { entity: SalesOrder, query: 'order' },
    { entity: OrderLine, query: 'order' },
    { entity: Shipment, query: 'shipment' },
    { entity: ShipmentLine, query: 'shipment' },
    { entity: Invoice, query: 'invoice' },
    { entity: InvoiceLine, query: 'invoice' },
    { entity: Payment, query: 'invoice' },
  ] satisfies NodeSpec[],
};
