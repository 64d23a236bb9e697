import { Field, InputType } from 'type-graphql';
import {
  BooleanFilter,
  DateTimeFilter,
  type FilterMapping,
  IDFilter,
  IntFilter,
  on,
  onId,
  searchOver,
  StringFilter,
  toWhere,
} from '../../../shared/filters.js';
import { enumFilter, orderInput } from '../../../shared/filter-inputs.js';
import { AccountSize, LeadStatus } from '../customers-enums.js';

export type { SortOrder } from '../../../shared/filter-inputs.js';

export const AccountSizeFilter = enumFilter(AccountSize, 'AccountSize');
export const LeadStatusFilter = enumFilter(LeadStatus, 'LeadStatus');

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
export const onAccount = (filter: AccountFilter) => ({ account: { ...toWhere(filter, accountFilterMapping), deletedAt: null } });

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
  @Field(() => BooleanFilter, { nullable: true, description: 'Marketing consent.' })
  marketingConsent?: BooleanFilter | null;
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
  marketingConsent: on('marketingConsent'),
};

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

export const AccountOrder = orderInput(AccountOrderField, 'Account');
export const ContactOrder = orderInput(ContactOrderField, 'Contact');
export const LeadOrder = orderInput(LeadOrderField, 'Lead');
