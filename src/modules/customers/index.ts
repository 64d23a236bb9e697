import type { NodeSpec } from '../../shared/node.js';
import { Account } from './account.entity.js';
import { Activity, RecordChange } from './activity.entity.js';
import { Contact } from './contact.entity.js';
import { Lead } from './lead.entity.js';
import { Opportunity, OpportunityContactRole, OpportunityLine, OpportunityStageChange } from './opportunity.entity.js';
import { Pipeline, PipelineStage } from './pipeline.entity.js';
import { ActivityResolver, RecordChangeResolver } from './activity.resolver.js';
import { AccountResolver, ContactResolver } from './customer.resolver.js';
import { LeadResolver } from './lead.resolver.js';
import {
  OpportunityContactRoleResolver,
  OpportunityLineResolver,
  OpportunityResolver,
  OpportunityStageChangeResolver,
} from './opportunity.resolver.js';
import { PipelineResolver, PipelineStageResolver } from './pipeline.resolver.js';
import { createCustomersLoaders } from './customers.loaders.js';
import { customersRules } from './customers.rules.js';

/** Customers and the pipeline: accounts, contacts, leads, pipelines, opportunities, activities, timelines. */
export const customersModule = {
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
  ] as const,
  rules: customersRules,
  loaders: createCustomersLoaders,
  /** Its entities, for the ORM (src/db/entities.ts). */
  entities: [
    Account,
    Contact,
    Lead,
    Pipeline,
    PipelineStage,
    Opportunity,
    OpportunityLine,
    OpportunityContactRole,
    OpportunityStageChange,
    Activity,
    RecordChange,
  ],
  /** Records `node(id)` refetches, each under the rule of the query that reads it. */
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
  ] satisfies NodeSpec[],
  handlers: [],
  schedules: [],
  tasks: [],
};
