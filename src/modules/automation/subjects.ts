import type { EntityManager } from '@mikro-orm/sql';
import { ProductVariantFilter, variantFilterMapping } from '../catalog/dto/catalog-filters.dto.js';
import { ProductVariant } from '../catalog/product-variant.entity.js';
import { Account } from '../customers/account.entity.js';
import { Activity } from '../customers/activity.entity.js';
import { updateActivity } from '../customers/activity.service.js';
import { Contact } from '../customers/contact.entity.js';
import { updateAccount, updateContact } from '../customers/customer.service.js';
import {
  AccountFilter,
  accountFilterMapping,
  ContactFilter,
  contactFilterMapping,
  LeadFilter,
  leadFilterMapping,
} from '../customers/dto/customer-filters.dto.js';
import { ActivityFilter, activityFilterMapping, OpportunityFilter, opportunityFilterMapping } from '../customers/dto/pipeline-filters.dto.js';
import { Lead } from '../customers/lead.entity.js';
import { updateLead } from '../customers/lead.service.js';
import { Opportunity } from '../customers/opportunity.entity.js';
import { updateOpportunity } from '../customers/opportunity.service.js';
import type { Actor } from '../customers/record-input.js';
import { InvoiceFilter, invoiceFilterMapping, OrderFilter, orderFilterMapping } from '../orders/dto/order-filters.dto.js';
import { Invoice } from '../orders/invoice.entity.js';
import { SalesOrder } from '../orders/order.entity.js';
import type { FilterMapping } from '../../shared/filters.js';
import { AutomationSubject } from './automation-enums.js';

type Update = (em: EntityManager, actor: Actor, input: Record<string, unknown> & { id: string }) => Promise<unknown>;

/** What the engine knows about each kind of record a rule can be about. */
export type SubjectSpec = {
  entity: new () => object;
  /** The condition's input type (the list query's filter). */
  filter: new () => object;
  /** Its compiler's mapping (the list query's), given the organization's today (YYYY-MM-DD). */
  mapping: (today: string) => FilterMapping<never>;
  /** The event prefix of its records (lead → lead.created, …). */
  eventPrefix: string;
  /** The GraphQL input type its update mutation takes (UPDATE_FIELDS values are checked against it). */
  updateInput: string | null;
  update: Update | null;
  /** Its owner relation (ASSIGN_OWNER, OWNER recipients). */
  owner: boolean;
  /** Its own e-mail address (SEND_EMAIL to RECORD). */
  email: boolean;
  /** Date fields a DATE_OFFSET rule may count from: property → kind. */
  dates: Record<string, 'date' | 'timestamp'>;
};

const fixed = (mapping: FilterMapping<never>) => () => mapping;

export const SUBJECTS: Record<AutomationSubject, SubjectSpec> = {
  [AutomationSubject.LEAD]: {
    entity: Lead,
    filter: LeadFilter,
    mapping: fixed(leadFilterMapping as FilterMapping<never>),
    eventPrefix: 'lead',
    updateInput: 'UpdateLeadInput',
    update: updateLead as unknown as Update,
    owner: true,
    email: true,
    dates: { createdAt: 'timestamp' },
  },
  [AutomationSubject.CONTACT]: {
    entity: Contact,
    filter: ContactFilter,
    mapping: fixed(contactFilterMapping as FilterMapping<never>),
    eventPrefix: 'contact',
    updateInput: 'UpdateContactInput',
    update: updateContact as unknown as Update,
    owner: true,
    email: true,
    dates: { createdAt: 'timestamp' },
  },
  [AutomationSubject.ACCOUNT]: {
    entity: Account,
    filter: AccountFilter,
    mapping: fixed(accountFilterMapping as FilterMapping<never>),
    eventPrefix: 'account',
    updateInput: 'UpdateAccountInput',
    update: updateAccount as unknown as Update,
    owner: true,
    email: false,
    dates: { createdAt: 'timestamp' },
  },
  [AutomationSubject.OPPORTUNITY]: {
    entity: Opportunity,
    filter: OpportunityFilter,
    mapping: fixed(opportunityFilterMapping as FilterMapping<never>),
    eventPrefix: 'opportunity',
    updateInput: 'UpdateOpportunityInput',
    update: updateOpportunity as unknown as Update,
    owner: true,
    email: false,
    dates: { expectedCloseDate: 'date', closedAt: 'timestamp', createdAt: 'timestamp' },
  },
  [AutomationSubject.ACTIVITY]: {
    entity: Activity,
    filter: ActivityFilter,
    mapping: fixed(activityFilterMapping as FilterMapping<never>),
    eventPrefix: 'activity',
    updateInput: 'UpdateActivityInput',
    update: ((em, _actor, input) => updateActivity(em, input as never)) as Update,
    owner: true,
    email: false,
    dates: { dueAt: 'timestamp', createdAt: 'timestamp' },
  },
  [AutomationSubject.ORDER]: {
    entity: SalesOrder,
    filter: OrderFilter,
    mapping: fixed(orderFilterMapping as FilterMapping<never>),
    eventPrefix: 'order',
    updateInput: null,
    update: null,
    owner: false,
    email: false,
    dates: { orderedAt: 'timestamp', createdAt: 'timestamp' },
  },
  [AutomationSubject.INVOICE]: {
    entity: Invoice,
    filter: InvoiceFilter,
    mapping: (today) => invoiceFilterMapping(today) as FilterMapping<never>,
    eventPrefix: 'invoice',
    updateInput: null,
    update: null,
    owner: false,
    email: false,
    dates: { dueDate: 'date', issuedAt: 'timestamp' },
  },
  [AutomationSubject.PRODUCT_VARIANT]: {
    entity: ProductVariant,
    filter: ProductVariantFilter,
    mapping: fixed(variantFilterMapping as FilterMapping<never>),
    eventPrefix: 'product_variant',
    updateInput: null,
    update: null,
    owner: false,
    email: false,
    dates: { createdAt: 'timestamp' },
  },
};

/** The subject of events about records of `graphqlType` (the event's subjectType), if rules can be about them. */
export const subjectOfType = (graphqlType: string): AutomationSubject | null =>
  (Object.values(AutomationSubject) as string[]).includes(graphqlType) ? (graphqlType as AutomationSubject) : null;
