import { Field, InputType } from 'type-graphql';
import {
  DateTimeFilter,
  LocalDateFilter,
  MoneyFilter,
  onMoney,
  type FilterMapping,
  IDFilter,
  IntFilter,
  on,
  onId,
  searchOver,
  StringFilter,
} from '../../../shared/filters.js';
import { enumFilter, orderInput } from '../../../shared/filter-inputs.js';
import { ActivityType, OpportunityStatus } from '../customers-enums.js';
import { AccountFilter, onAccount } from './customer-filters.dto.js';

export const OpportunityStatusFilter = enumFilter(OpportunityStatus, 'OpportunityStatus');
export const ActivityTypeFilter = enumFilter(ActivityType, 'ActivityType');

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

export enum OpportunityOrderField {
  NAME = 'name',
  AMOUNT = 'amount.amount',
  PROBABILITY = 'probability',
  EXPECTED_CLOSE_DATE = 'expectedCloseDate',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
export enum ActivityOrderField {
  CREATED_AT = 'createdAt',
  DUE_AT = 'dueAt',
}

export const OpportunityOrder = orderInput(OpportunityOrderField, 'Opportunity');
export const ActivityOrder = orderInput(ActivityOrderField, 'Activity');
