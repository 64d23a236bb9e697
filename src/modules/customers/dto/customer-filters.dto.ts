import { Field, InputType, registerEnumType } from 'type-graphql';
import {
  BooleanFilter,
  DateTimeFilter,
  LocalDateFilter,
  MoneyFilter,
  onMoney,
  type FilterMapping,
  IDFilter,
  IntFilter,
  OrderDirection,
  on,
  onId,
  searchOver,
  StringFilter,
  toWhere,
} from '../../../shared/filters.js';
import { ActivityType, AccountSize, InvoiceStatus, LeadStatus, OpportunityStatus, OrderStatus, ShipmentStatus } from '../customers-enums.js';

type ClassOf<T> = new () => T;

/** `{ eq, in }` conditions on an enum field, one input type per enum. */
function enumFilter<E extends Record<string, string>>(values: E, name: string): ClassOf<{ eq?: E[keyof E] | null; in?: E[keyof E][] | null }> {
  @InputType(`${name}Filter`, { description: `Conditions on a ${name} value.` })
  class EnumFilter {
    @Field(() => values, { nullable: true, description: 'Equal to.' })
    eq?: E[keyof E] | null;
    @Field(() => [values], { nullable: true, description: 'One of.' })
    in?: E[keyof E][] | null;
  }
  return EnumFilter;
}

/** A sort-order input: a field enum plus a direction (ties broken by ID). */
/**
 * Sort inputs are `<Type>Sort` with a `<Type>SortField` enum (the argument stays `orderBy`): in this
 * API "Order" in a type name always means a sales order, so a sort input never reads `OrderOrder`.
 */
function orderInput<F extends Record<string, string>>(fields: F, name: string): ClassOf<{ field: F[keyof F]; direction: OrderDirection }> {
  registerEnumType(fields, { name: `${name}SortField`, description: `What to sort ${name} records by.` });
  @InputType(`${name}Sort`, { description: `Sort order of ${name} records (ties broken by ID).` })
  class Order {
    @Field(() => fields, { description: 'Field to sort by.' })
    field!: F[keyof F];
    @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'Direction.' })
    direction: OrderDirection = OrderDirection.ASC;
  }
  return Order;
}

export const AccountSizeFilter = enumFilter(AccountSize, 'AccountSize');
export const LeadStatusFilter = enumFilter(LeadStatus, 'LeadStatus');
export const OpportunityStatusFilter = enumFilter(OpportunityStatus, 'OpportunityStatus');
export const ActivityTypeFilter = enumFilter(ActivityType, 'ActivityType');
export const OrderStatusFilter = enumFilter(OrderStatus, 'OrderStatus');
export const InvoiceStatusFilter = enumFilter(InvoiceStatus, 'InvoiceStatus');
export const ShipmentStatusFilter = enumFilter(ShipmentStatus, 'ShipmentStatus');

@InputType({ description: 'Which accounts to list; conditions are ANDed, combine with and/or/not.' })
export class AccountFilter {
  @Field(() => [AccountFilter], { nullable: true, description: 'All of these.' })
  and?: AccountFilter[] | null;
  @Field(() => [AccountFilter], { nullable: true, description: 'Any of these.' })
  or?: AccountFilter[] | null;
  @Field(() => AccountFilter, { nullable: true, description: 'Not this.' })
  not?: AccountFilter | null;
  @Field(() => String, { nullable: true, description: 'Name or domain contains this, ignoring case.' })
  search?: string | null;
  @Field(() => IDFilter, { nullable: true, description: 'Account ID.' })
  id?: IDFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'Name.' })
  name?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'Domain.' })
  domain?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'Industry.' })
  industry?: StringFilter | null;
  @Field(() => AccountSizeFilter, { nullable: true, description: 'Size.' })
  size?: InstanceType<typeof AccountSizeFilter> | null;
  @Field(() => IDFilter, { nullable: true, description: 'Owner (user ID).' })
  ownerId?: IDFilter | null;
  @Field(() => String, { nullable: true, description: 'Has this tag.' })
  tag?: string | null;
  @Field(() => StringFilter, { nullable: true, description: 'External ID.' })
  externalId?: StringFilter | null;
  @Field(() => DateTimeFilter, { nullable: true, description: 'Creation time.' })
  createdAt?: DateTimeFilter | null;
}

export const accountFilterMapping: FilterMapping<AccountFilter> = {
  search: searchOver('name', 'domain'),
  id: onId('id'),
  name: on('name'),
  domain: on('domain'),
  industry: on('industry'),
  size: on('size'),
  ownerId: onId('owner'),
  tag: (tag) => ({ tags: { $contains: [tag] } }),
  externalId: on('externalId'),
  createdAt: on('createdAt'),
};

/** One hop: conditions on the related account (live accounts only). */
const onAccount = (filter: AccountFilter) => ({ account: { ...toWhere(filter, accountFilterMapping), deletedAt: null } });

@InputType({ description: 'Which contacts to list; conditions are ANDed, combine with and/or/not.' })
export class ContactFilter {
  @Field(() => [ContactFilter], { nullable: true, description: 'All of these.' })
  and?: ContactFilter[] | null;
  @Field(() => [ContactFilter], { nullable: true, description: 'Any of these.' })
  or?: ContactFilter[] | null;
  @Field(() => ContactFilter, { nullable: true, description: 'Not this.' })
  not?: ContactFilter | null;
  @Field(() => String, { nullable: true, description: 'First name, last name or e-mail contains this, ignoring case.' })
  search?: string | null;
  @Field(() => IDFilter, { nullable: true, description: 'Contact ID.' })
  id?: IDFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'E-mail.' })
  email?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'Last name.' })
  lastName?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'Job title.' })
  title?: StringFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Account ID.' })
  accountId?: IDFilter | null;
  @Field(() => AccountFilter, { nullable: true, description: 'Conditions on the account.' })
  account?: AccountFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Owner (user ID).' })
  ownerId?: IDFilter | null;
  @Field(() => BooleanFilter, { nullable: true, description: 'Marketing consent.' })
  marketingConsent?: BooleanFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'External ID.' })
  externalId?: StringFilter | null;
  @Field(() => DateTimeFilter, { nullable: true, description: 'Creation time.' })
  createdAt?: DateTimeFilter | null;
}

export const contactFilterMapping: FilterMapping<ContactFilter> = {
  search: searchOver('firstName', 'lastName', 'email'),
  id: onId('id'),
  email: on('email'),
  lastName: on('lastName'),
  title: on('title'),
  accountId: onId('account'),
  account: onAccount,
  ownerId: onId('owner'),
  marketingConsent: on('marketingConsent'),
  externalId: on('externalId'),
  createdAt: on('createdAt'),
};

@InputType({ description: 'Which leads to list; conditions are ANDed, combine with and/or/not.' })
export class LeadFilter {
  @Field(() => [LeadFilter], { nullable: true, description: 'All of these.' })
  and?: LeadFilter[] | null;
  @Field(() => [LeadFilter], { nullable: true, description: 'Any of these.' })
  or?: LeadFilter[] | null;
  @Field(() => LeadFilter, { nullable: true, description: 'Not this.' })
  not?: LeadFilter | null;
  @Field(() => String, { nullable: true, description: 'Name, company or e-mail contains this, ignoring case.' })
  search?: string | null;
  @Field(() => IDFilter, { nullable: true, description: 'Lead ID.' })
  id?: IDFilter | null;
  @Field(() => LeadStatusFilter, { nullable: true, description: 'Status.' })
  status?: InstanceType<typeof LeadStatusFilter> | null;
  @Field(() => StringFilter, { nullable: true, description: 'Source.' })
  source?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'Company.' })
  company?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'E-mail.' })
  email?: StringFilter | null;
  @Field(() => IntFilter, { nullable: true, description: 'Score.' })
  score?: IntFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Owner (user ID).' })
  ownerId?: IDFilter | null;
  @Field(() => DateTimeFilter, { nullable: true, description: 'Creation time.' })
  createdAt?: DateTimeFilter | null;
}

export const leadFilterMapping: FilterMapping<LeadFilter> = {
  search: searchOver('firstName', 'lastName', 'company', 'email'),
  id: onId('id'),
  status: on('status'),
  source: on('source'),
  company: on('company'),
  email: on('email'),
  score: on('score'),
  ownerId: onId('owner'),
  createdAt: on('createdAt'),
};

@InputType({ description: 'Which opportunities to list; conditions are ANDed, combine with and/or/not.' })
export class OpportunityFilter {
  @Field(() => [OpportunityFilter], { nullable: true, description: 'All of these.' })
  and?: OpportunityFilter[] | null;
  @Field(() => [OpportunityFilter], { nullable: true, description: 'Any of these.' })
  or?: OpportunityFilter[] | null;
  @Field(() => OpportunityFilter, { nullable: true, description: 'Not this.' })
  not?: OpportunityFilter | null;
  @Field(() => String, { nullable: true, description: 'Name contains this, ignoring case.' })
  search?: string | null;
  @Field(() => IDFilter, { nullable: true, description: 'Opportunity ID.' })
  id?: IDFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'Name.' })
  name?: StringFilter | null;
  @Field(() => OpportunityStatusFilter, { nullable: true, description: 'Open, won or lost.' })
  status?: InstanceType<typeof OpportunityStatusFilter> | null;
  @Field(() => IDFilter, { nullable: true, description: 'Pipeline ID.' })
  pipelineId?: IDFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Stage ID.' })
  stageId?: IDFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Account ID.' })
  accountId?: IDFilter | null;
  @Field(() => AccountFilter, { nullable: true, description: 'Conditions on the account, e.g. { industry: { eq: "Retail" } }.' })
  account?: AccountFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Primary contact ID.' })
  primaryContactId?: IDFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Owner (user ID).' })
  ownerId?: IDFilter | null;
  @Field(() => MoneyFilter, { nullable: true, description: 'Amount, e.g. { gte: { amount: 1000000, currency: "USD" } }.' })
  amount?: MoneyFilter | null;
  @Field(() => IntFilter, { nullable: true, description: 'Probability.' })
  probability?: IntFilter | null;
  @Field(() => LocalDateFilter, { nullable: true, description: 'Expected close date.' })
  expectedCloseDate?: LocalDateFilter | null;
  @Field(() => DateTimeFilter, { nullable: true, description: 'When it closed.' })
  closedAt?: DateTimeFilter | null;
  @Field(() => DateTimeFilter, { nullable: true, description: 'Creation time.' })
  createdAt?: DateTimeFilter | null;
}

export const opportunityFilterMapping: FilterMapping<OpportunityFilter> = {
  search: searchOver('name'),
  id: onId('id'),
  name: on('name'),
  status: on('status'),
  pipelineId: onId('pipeline'),
  stageId: onId('stage'),
  accountId: onId('account'),
  account: onAccount,
  primaryContactId: onId('primaryContact'),
  ownerId: onId('owner'),
  amount: onMoney('amount', 'currency', (leaf) => ({ amount: leaf })),
  probability: on('probability'),
  expectedCloseDate: on('expectedCloseDate'),
  closedAt: on('closedAt'),
  createdAt: on('createdAt'),
};

@InputType({ description: 'Which activities to list; conditions are ANDed.' })
export class ActivityFilter {
  @Field(() => ActivityTypeFilter, { nullable: true, description: 'Kind.' })
  type?: InstanceType<typeof ActivityTypeFilter> | null;
  @Field(() => Boolean, { nullable: true, description: 'true: completed; false: still open.' })
  completed?: boolean | null;
  @Field(() => DateTimeFilter, { nullable: true, description: 'Due time.' })
  dueAt?: DateTimeFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Assignee (user ID).' })
  ownerId?: IDFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Lead ID.' })
  leadId?: IDFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Contact ID.' })
  contactId?: IDFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Account ID.' })
  accountId?: IDFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Opportunity ID.' })
  opportunityId?: IDFilter | null;
  @Field(() => DateTimeFilter, { nullable: true, description: 'When it was logged.' })
  createdAt?: DateTimeFilter | null;
}

export const activityFilterMapping: FilterMapping<ActivityFilter> = {
  type: on('type'),
  completed: (completed) => ({ completedAt: completed ? { $ne: null } : null }),
  dueAt: on('dueAt'),
  ownerId: onId('owner'),
  leadId: onId('lead'),
  contactId: onId('contact'),
  accountId: onId('account'),
  opportunityId: onId('opportunity'),
  createdAt: on('createdAt'),
};

@InputType({ description: 'Which orders to list; conditions are ANDed, combine with and/or/not.' })
export class OrderFilter {
  @Field(() => [OrderFilter], { nullable: true, description: 'All of these.' })
  and?: OrderFilter[] | null;
  @Field(() => [OrderFilter], { nullable: true, description: 'Any of these.' })
  or?: OrderFilter[] | null;
  @Field(() => OrderFilter, { nullable: true, description: 'Not this.' })
  not?: OrderFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Order ID.' })
  id?: IDFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'Order number.' })
  number?: StringFilter | null;
  @Field(() => OrderStatusFilter, { nullable: true, description: 'Status.' })
  status?: InstanceType<typeof OrderStatusFilter> | null;
  @Field(() => IDFilter, { nullable: true, description: 'Account ID.' })
  accountId?: IDFilter | null;
  @Field(() => AccountFilter, { nullable: true, description: 'Conditions on the account.' })
  account?: AccountFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Source opportunity ID.' })
  opportunityId?: IDFilter | null;
  @Field(() => MoneyFilter, { nullable: true, description: 'Total, e.g. { gt: { amount: 50000, currency: "EUR" } }.' })
  total?: MoneyFilter | null;
  @Field(() => DateTimeFilter, { nullable: true, description: 'When it was placed.' })
  orderedAt?: DateTimeFilter | null;
}

export const orderFilterMapping: FilterMapping<OrderFilter> = {
  id: onId('id'),
  number: on('number'),
  status: on('status'),
  accountId: onId('account'),
  account: onAccount,
  opportunityId: onId('opportunity'),
  total: onMoney('totalAmount', 'currency'),
  orderedAt: on('orderedAt'),
};

@InputType({ description: 'Which invoices to list; conditions are ANDed, combine with and/or/not.' })
export class InvoiceFilter {
  @Field(() => [InvoiceFilter], { nullable: true, description: 'All of these.' })
  and?: InvoiceFilter[] | null;
  @Field(() => [InvoiceFilter], { nullable: true, description: 'Any of these.' })
  or?: InvoiceFilter[] | null;
  @Field(() => InvoiceFilter, { nullable: true, description: 'Not this.' })
  not?: InvoiceFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Invoice ID.' })
  id?: IDFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'Invoice number.' })
  number?: StringFilter | null;
  @Field(() => InvoiceStatusFilter, { nullable: true, description: 'Status (OVERDUE: issued or partly paid, past due).' })
  status?: InstanceType<typeof InvoiceStatusFilter> | null;
  @Field(() => IDFilter, { nullable: true, description: 'Order ID.' })
  orderId?: IDFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Account ID.' })
  accountId?: IDFilter | null;
  @Field(() => AccountFilter, { nullable: true, description: 'Conditions on the account.' })
  account?: AccountFilter | null;
  @Field(() => LocalDateFilter, { nullable: true, description: 'Due date.' })
  dueDate?: LocalDateFilter | null;
  @Field(() => DateTimeFilter, { nullable: true, description: 'When it was issued.' })
  issuedAt?: DateTimeFilter | null;
}

const openStatuses = [InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID];
/** OVERDUE is computed: open invoices due before today (UTC). */
const invoiceStatusCondition = (today: string) => (status: InvoiceStatus) =>
  status === InvoiceStatus.OVERDUE
    ? { status: { $in: openStatuses }, dueDate: { $lt: today } }
    : openStatuses.includes(status)
      ? { status, dueDate: { $gte: today } }
      : { status };

export const invoiceFilterMapping = (today: string): FilterMapping<InvoiceFilter> => ({
  id: onId('id'),
  number: on('number'),
  status: (f) => {
    const values = [...(f.eq ? [f.eq] : []), ...(f.in ?? [])];
    const conds = values.map(invoiceStatusCondition(today));
    return f.eq && f.in ? { $and: [conds[0], { $or: conds.slice(1) }] } : { $or: conds.length ? conds : [{}] };
  },
  orderId: onId('order'),
  accountId: onId('account'),
  account: onAccount,
  dueDate: on('dueDate'),
  issuedAt: on('issuedAt'),
});

export enum AccountOrderField {
  NAME = 'name',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
export enum ContactOrderField {
  LAST_NAME = 'lastName',
  FIRST_NAME = 'firstName',
  EMAIL = 'email',
  CREATED_AT = 'createdAt',
}
export enum LeadOrderField {
  CREATED_AT = 'createdAt',
  SCORE = 'score',
  LAST_NAME = 'lastName',
}
export enum OpportunityOrderField {
  NAME = 'name',
  AMOUNT = 'amount.amount',
  PROBABILITY = 'probability',
  EXPECTED_CLOSE_DATE = 'expectedCloseDate',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
export enum OrderOrderField {
  ORDERED_AT = 'orderedAt',
  NUMBER = 'number',
  TOTAL = 'totalAmount',
}
export enum InvoiceOrderField {
  CREATED_AT = 'createdAt',
  DUE_DATE = 'dueDate',
  NUMBER = 'number',
  TOTAL = 'totalAmount',
}
export enum ActivityOrderField {
  CREATED_AT = 'createdAt',
  DUE_AT = 'dueAt',
}

export const AccountOrder = orderInput(AccountOrderField, 'Account');
export const ContactOrder = orderInput(ContactOrderField, 'Contact');
export const LeadOrder = orderInput(LeadOrderField, 'Lead');
export const OpportunityOrder = orderInput(OpportunityOrderField, 'Opportunity');
export const OrderSort = orderInput(OrderOrderField, 'Order');
export const InvoiceOrder = orderInput(InvoiceOrderField, 'Invoice');
export const ActivityOrder = orderInput(ActivityOrderField, 'Activity');
export type SortOrder = { field: string; direction: OrderDirection } | null | undefined;
