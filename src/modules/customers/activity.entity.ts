import { Node } from '../../shared/node.type.js';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import type { Opt, Ref } from '@mikro-orm/core';
import { Check, Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { TenantEntity } from '../../shared/tenant.entity.js';
import { User } from '../core/user.entity.js';
import { Account } from './account.entity.js';
import { Contact } from './contact.entity.js';
import { Lead } from './lead.entity.js';
import { Opportunity } from './opportunity.entity.js';
import { ActivityType, ChangeAction, SubjectType } from './customers-enums.js';

/** A task, call, meeting, note or e-mail logged against exactly one lead, contact, account or opportunity. */
@Entity({ tableName: 'activities' })
// The list's default order, so a page (and its joins) is read from the index, not sorted from every row.
@Index({ properties: ['organization', 'createdAt', 'id'] })
@ObjectType({ implements: Node, description: 'A task, call, meeting, note or e-mail logged against one lead, contact, account or opportunity.' })
@Check({
  name: 'activities_one_subject',
  expression: 'num_nonnulls(lead_id, contact_id, account_id, opportunity_id) = 1',
})
@Index({ properties: ['organization', 'dueAt'] })
export class Activity extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the activity.' })
  declare id: string;

  @Field(() => Date, { description: 'When it was logged (UTC).' })
  declare createdAt: Opt<Date>;

  @Enum({ items: () => ActivityType, nativeEnumName: 'activity_type' })
  @Field(() => ActivityType, { description: 'Kind of activity.' })
  type!: ActivityType;

  @Property({ type: 'string', length: 300 })
  @Field(() => String, { description: 'Subject line.' })
  subject!: string;

  @Property({ type: 'text', default: '' })
  @Field(() => String, { description: 'Details, minutes or message body.' })
  body: Opt<string> = '';

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it is due (UTC).' })
  dueAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was completed (UTC); null while open.' })
  completedAt: Date | null = null;

  @ManyToOne({ entity: () => User, ref: true, nullable: true, deleteRule: 'set null', index: true })
  owner: Ref<User> | null = null;

  @ManyToOne({ entity: () => User, ref: true, nullable: true, deleteRule: 'set null' })
  createdBy: Ref<User> | null = null;

  @ManyToOne({ entity: () => Lead, ref: true, nullable: true, deleteRule: 'cascade', index: true })
  lead: Ref<Lead> | null = null;

  @ManyToOne({ entity: () => Contact, ref: true, nullable: true, deleteRule: 'cascade', index: true })
  contact: Ref<Contact> | null = null;

  @ManyToOne({ entity: () => Account, ref: true, nullable: true, deleteRule: 'cascade', index: true })
  account: Ref<Account> | null = null;

  @ManyToOne({ entity: () => Opportunity, ref: true, nullable: true, deleteRule: 'cascade', index: true })
  opportunity: Ref<Opportunity> | null = null;

  @Field(() => SubjectType, { description: 'Which kind of record it is logged against.' })
  get subjectType(): Opt<SubjectType> {
    if (this.lead) return SubjectType.LEAD;
    if (this.contact) return SubjectType.CONTACT;
    if (this.account) return SubjectType.ACCOUNT;
    return SubjectType.OPPORTUNITY;
  }

  @Field(() => ID, { description: 'ID of the record it is logged against.' })
  get subjectId(): Opt<string> {
    return (this.lead ?? this.contact ?? this.account ?? this.opportunity)!.id;
  }
}

/** What changed on a lead, contact, account or opportunity: the non-activity half of a timeline. */
@Entity({ tableName: 'record_changes' })
@ObjectType({ implements: Node, description: 'A change to a lead, contact, account or opportunity, as shown on its timeline.' })
@Index({ properties: ['subjectId', 'at'] })
export class RecordChange extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the change.' })
  declare id: string;

  @Enum({ items: () => SubjectType, nativeEnumName: 'subject_type' })
  @Field(() => SubjectType, { description: 'Kind of record.' })
  subjectType!: SubjectType;

  @Property({ type: 'uuid' })
  @Field(() => ID, { description: 'ID of the record.' })
  subjectId!: string;

  @Enum({ items: () => ChangeAction, nativeEnumName: 'change_action' })
  @Field(() => ChangeAction, { description: 'What happened.' })
  action!: ChangeAction;

  /** `{ field: { from, to } }` for updates; details such as created IDs for conversions. */
  @Property({ type: 'json', default: '{}' })
  @Field(() => GraphQLJSONObject, { description: 'Changed fields as { field: { from, to } }, or details of the action.' })
  changes: Opt<Record<string, unknown>> = {};

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  @Field(() => Date, { description: 'When (UTC).' })
  at!: Date;

  @ManyToOne({ entity: () => User, ref: true, nullable: true, deleteRule: 'set null' })
  actor: Ref<User> | null = null;
}
