import { ActivityResolver, RecordChangeResolver } from './activity.resolver.js';
import { AccountResolver, ContactResolver } from './customer.resolver.js';
import { ShipmentLineResolver, ShipmentResolver } from './fulfillment.resolver.js';
import { InvoiceLineResolver, InvoiceResolver, PaymentResolver } from './invoice.resolver.js';
import { LeadResolver } from './lead.resolver.js';
import {
  OpportunityContactRoleResolver,
  OpportunityLineResolver,
  OpportunityResolver,
  OpportunityStageChangeResolver,
} from './opportunity.resolver.js';
import { OrderLineResolver, OrderResolver } from './order.resolver.js';
import { PipelineResolver, PipelineStageResolver } from './pipeline.resolver.js';
import { salesRules } from './sales.rules.js';

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
};
