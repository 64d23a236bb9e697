import { ConnectionArgs, connectionType } from '../../../shared/pagination.js';
import { ArgsType, Field, ObjectType, registerEnumType } from 'type-graphql';
import { DomainEvent } from '../../events/domain-event.entity.js';
import { UserError } from '../../../shared/user-error.js';
import { Account } from '../account.entity.js';
import { Activity, RecordChange } from '../activity.entity.js';
import { Contact } from '../contact.entity.js';
import { Lead } from '../lead.entity.js';
import { Opportunity } from '../opportunity.entity.js';
import { Pipeline, PipelineStage } from '../pipeline.entity.js';

@ObjectType({ description: 'Result of an account mutation.' })
export class AccountPayload {
  @Field(() => Account, { nullable: true, description: 'The account as it is now.' })
  account?: Account;
  @Field(() => [UserError], { description: 'Validation errors (INVALID, REQUIRED, ALREADY_EXISTS, NOT_FOUND for the owner).' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of a contact mutation.' })
export class ContactPayload {
  @Field(() => Contact, { nullable: true, description: 'The contact as it is now.' })
  contact?: Contact;
  @Field(() => [UserError], { description: 'Validation errors (INVALID, REQUIRED, ALREADY_EXISTS, NOT_FOUND for the account or owner).' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of a lead mutation.' })
export class LeadPayload {
  @Field(() => Lead, { nullable: true, description: 'The lead as it is now.' })
  lead?: Lead;
  @Field(() => [UserError], { description: 'Validation errors (INVALID, REQUIRED, INVALID_STATE for converted leads).' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of convertLead: the converted lead and the records it became.' })
export class ConvertLeadPayload {
  @Field(() => Lead, { nullable: true, description: 'The lead, now CONVERTED.' })
  lead?: Lead;
  @Field(() => Account, { nullable: true, description: 'The account created or linked.' })
  account?: Account;
  @Field(() => Contact, { nullable: true, description: 'The contact created or linked.' })
  contact?: Contact;
  @Field(() => Opportunity, { nullable: true, description: 'The opportunity opened, if one was asked for.' })
  opportunity?: Opportunity | null;
  @Field(() => [UserError], { description: 'INVALID_STATE when already converted or disqualified; validation errors otherwise.' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of a pipeline mutation.' })
export class PipelinePayload {
  @Field(() => Pipeline, { nullable: true, description: 'The pipeline as it is now.' })
  pipeline?: Pipeline;
  @Field(() => [UserError], { description: 'Validation errors (INVALID, REQUIRED, ALREADY_EXISTS, IN_USE).' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of a pipeline stage mutation.' })
export class PipelineStagePayload {
  @Field(() => PipelineStage, { nullable: true, description: 'The stage as it is now.' })
  stage?: PipelineStage;
  @Field(() => [UserError], { description: 'Validation errors (INVALID, REQUIRED, ALREADY_EXISTS, IN_USE).' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of an opportunity mutation.' })
export class OpportunityPayload {
  @Field(() => Opportunity, { nullable: true, description: 'The opportunity as it is now.' })
  opportunity?: Opportunity;
  @Field(() => [UserError], { description: 'Validation errors (INVALID, REQUIRED, NOT_FOUND, CURRENCY_MISMATCH, ALREADY_EXISTS).' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of an activity mutation.' })
export class ActivityPayload {
  @Field(() => Activity, { nullable: true, description: 'The activity as it is now.' })
  activity?: Activity;
  @Field(() => [UserError], { description: 'Validation errors (INVALID, REQUIRED, NOT_FOUND).' })
  errors!: UserError[];
}

export enum TimelineEntryKind {
  ACTIVITY = 'activity',
  CHANGE = 'change',
  EVENT = 'event',
}
registerEnumType(TimelineEntryKind, {
  name: 'TimelineEntryKind',
  description: 'What a timeline entry is.',
  valuesConfig: {
    ACTIVITY: { description: 'An activity logged on the record.' },
    CHANGE: { description: 'A change of its fields.' },
    EVENT: { description: 'A named domain event about it (lead.converted, opportunity.won, …), with `events: true`.' },
  },
});

@ArgsType()
export class TimelineArgs extends ConnectionArgs {
  @Field(() => Boolean, {
    defaultValue: false,
    description:
      'Also list the named domain events about the record (not the generic *.created/updated/deleted, which are its CHANGE entries). Reading `event` needs what `events` needs (owners and admins, automation.rules).',
  })
  events!: boolean;
}

@ObjectType({ description: 'One entry of a record timeline: an activity or a change, newest first.' })
export class TimelineEntry {
  @Field(() => Date, { description: 'When (UTC): when the activity was logged, or the change made.' })
  at!: Date;
  @Field(() => TimelineEntryKind, { description: 'Activity or change.' })
  kind!: TimelineEntryKind;
  @Field(() => Activity, { nullable: true, description: 'The activity, for ACTIVITY entries.' })
  activity?: Activity | null;
  @Field(() => RecordChange, { nullable: true, description: 'The change, for CHANGE entries.' })
  change?: RecordChange | null;
  @Field(() => DomainEvent, { nullable: true, description: 'The domain event, for EVENT entries.' })
  event?: DomainEvent | null;
}

export const TimelineEntryConnection = connectionType(TimelineEntry);
