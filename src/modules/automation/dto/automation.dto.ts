import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ProductVariantFilter } from '../../catalog/dto/catalog-filters.dto.js';
import { Role } from '../../core/membership.entity.js';
import { AccountFilter, ContactFilter, LeadFilter } from '../../customers/dto/customer-filters.dto.js';
import { ActivityFilter, OpportunityFilter } from '../../customers/dto/pipeline-filters.dto.js';
import { InvoiceFilter, OrderFilter } from '../../orders/dto/order-filters.dto.js';
import { UserError } from '../../../shared/user-error.js';
import {
  AssigneeKind,
  AutomationActionStatus,
  AutomationActionType,
  AutomationSubject,
  AutomationTriggerKind,
  NotificationEmail,
  NotificationKind,
} from '../automation-enums.js';
import { AutomationRule, NotificationPreference } from '../automation.entity.js';

@InputType({
  description:
    'A rule\'s condition: the list filter of the rule\'s subject type, in the field named after it (exactly that one), e.g. { opportunity: { amount: { gte: { amount: 1000000, currency: "USD" } } } }.',
})
export class AutomationConditionInput {
  @Field(() => LeadFilter, { nullable: true, description: 'For LEAD rules.' })
  lead?: LeadFilter | null;
  @Field(() => ContactFilter, { nullable: true, description: 'For CONTACT rules.' })
  contact?: ContactFilter | null;
  @Field(() => AccountFilter, { nullable: true, description: 'For ACCOUNT rules.' })
  account?: AccountFilter | null;
  @Field(() => OpportunityFilter, { nullable: true, description: 'For OPPORTUNITY rules.' })
  opportunity?: OpportunityFilter | null;
  @Field(() => ActivityFilter, { nullable: true, description: 'For ACTIVITY rules.' })
  activity?: ActivityFilter | null;
  @Field(() => OrderFilter, { nullable: true, description: 'For ORDER rules.' })
  order?: OrderFilter | null;
  @Field(() => InvoiceFilter, { nullable: true, description: 'For INVOICE rules.' })
  invoice?: InvoiceFilter | null;
  @Field(() => ProductVariantFilter, { nullable: true, description: 'For PRODUCT_VARIANT rules.' })
  productVariant?: ProductVariantFilter | null;
}

@InputType({ description: 'Who an action is for.' })
export class AutomationRecipientInput {
  @Field(() => AssigneeKind, { description: 'The owner, a member, round robin over a role, every member of a role, or the record itself.' })
  kind!: AssigneeKind;
  @Field(() => ID, { nullable: true, description: 'MEMBER: the user.' })
  userId?: string | null;
  @Field(() => Role, { nullable: true, description: 'ROUND_ROBIN and ROLE: the role.' })
  role?: Role | null;
}

@InputType({
  description:
    'One action of a rule: its type, and the fields that type uses (subject, body and title are Liquid templates over record, event and rule, e.g. "Call {{ record.firstName }}").',
})
export class AutomationActionInput {
  @Field(() => AutomationActionType, { description: 'What it does.' })
  type!: AutomationActionType;
  @Field(() => String, { nullable: true, description: 'CREATE_TASK: the task subject; SEND_EMAIL: the e-mail subject (templates).' })
  subject?: string | null;
  @Field(() => String, { nullable: true, description: 'CREATE_TASK, NOTIFY, SEND_EMAIL: the body (a template).' })
  body?: string | null;
  @Field(() => String, { nullable: true, description: 'NOTIFY: the title (a template).' })
  title?: string | null;
  @Field(() => Int, { nullable: true, description: 'CREATE_TASK: due this many hours after the run (none: no due time).' })
  dueInHours?: number | null;
  @Field(() => AutomationRecipientInput, {
    nullable: true,
    description: "CREATE_TASK (assignee), ASSIGN_OWNER, NOTIFY, SEND_EMAIL: who (default: the record's owner).",
  })
  to?: AutomationRecipientInput | null;
  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: "UPDATE_FIELDS: the fields to set, as the record's update mutation takes them (UpdateLeadInput … without id).",
  })
  values?: Record<string, unknown> | null;
  @Field(() => Int, { nullable: true, description: 'WAIT: minutes (1 to 43200, 30 days).' })
  minutes?: number | null;
  @Field(() => AutomationConditionInput, { nullable: true, description: 'STOP_IF: continue only while the record matches this.' })
  condition?: AutomationConditionInput | null;
  @Field(() => ID, { nullable: true, description: 'ADD_TO_CAMPAIGN: the campaign.' })
  campaignId?: string | null;
}

@InputType({ description: 'A new automation rule.' })
export class CreateAutomationRuleInput {
  @Field(() => String, { description: 'Name (1–200 characters).' })
  name!: string;
  @Field(() => String, { nullable: true, description: 'What it is for.' })
  description?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Whether it runs (default true).' })
  enabled?: boolean | null;
  @Field(() => AutomationSubject, { description: 'The kind of record it is about.' })
  subjectType!: AutomationSubject;
  @Field(() => AutomationTriggerKind, { description: 'What starts it.' })
  triggerKind!: AutomationTriggerKind;
  @Field(() => String, { nullable: true, description: 'EVENT: the event type (e.g. opportunity.updated), about records of the subject type.' })
  eventType?: string | null;
  @Field(() => [String], {
    nullable: true,
    description: 'EVENT on *.updated: only when one of these fields changed (field names as in the event changes).',
  })
  listenFields?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Only when the condition becomes true (held after the change, not before). Default false.' })
  onlyWhenBecomesTrue?: boolean | null;
  @Field(() => AutomationConditionInput, { nullable: true, description: 'The condition (none: every record).' })
  condition?: AutomationConditionInput | null;
  @Field(() => String, { nullable: true, description: "SCHEDULE: a 5-field cron expression (the organization's time zone)." })
  schedule?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'DATE_OFFSET: the date field (Opportunity.expectedCloseDate, Activity.dueAt, Invoice.dueDate, …).',
  })
  dateField?: string | null;
  @Field(() => Int, { nullable: true, description: 'DATE_OFFSET: days after the date (negative: before), −365 to 365.' })
  offsetDays?: number | null;
  @Field(() => [AutomationActionInput], { description: 'The actions, in order (1 to 20).' })
  actions!: AutomationActionInput[];
}

@InputType({ description: 'Changes to a rule; omitted fields stay as they are. Any change but enabled and description makes a new version.' })
export class UpdateAutomationRuleInput {
  @Field(() => ID, { description: 'The rule.' })
  id!: string;
  @Field(() => String, { nullable: true, description: 'Name.' })
  name?: string | null;
  @Field(() => String, { nullable: true, description: 'What it is for.' })
  description?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Whether it runs.' })
  enabled?: boolean | null;
  @Field(() => AutomationTriggerKind, { nullable: true, description: 'What starts it.' })
  triggerKind?: AutomationTriggerKind | null;
  @Field(() => String, { nullable: true, description: 'EVENT: the event type.' })
  eventType?: string | null;
  @Field(() => [String], { nullable: true, description: 'EVENT on *.updated: the fields it listens to.' })
  listenFields?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Only when the condition becomes true.' })
  onlyWhenBecomesTrue?: boolean | null;
  @Field(() => AutomationConditionInput, { nullable: true, description: 'The condition (an empty input: none).' })
  condition?: AutomationConditionInput | null;
  @Field(() => String, { nullable: true, description: 'SCHEDULE: the cron expression.' })
  schedule?: string | null;
  @Field(() => String, { nullable: true, description: 'DATE_OFFSET: the date field.' })
  dateField?: string | null;
  @Field(() => Int, { nullable: true, description: 'DATE_OFFSET: days after the date (negative: before).' })
  offsetDays?: number | null;
  @Field(() => [AutomationActionInput], { nullable: true, description: 'The actions, in order.' })
  actions?: AutomationActionInput[] | null;
}

@InputType({ description: 'A rule to try without running it: a saved one or a draft, on an event or a record.' })
export class TestAutomationRuleInput {
  @Field(() => ID, { nullable: true, description: 'A saved rule (its current version).' })
  ruleId?: string | null;
  @Field(() => CreateAutomationRuleInput, { nullable: true, description: 'Or a draft, not saved.' })
  draft?: CreateAutomationRuleInput | null;
  @Field(() => ID, { nullable: true, description: 'A domain event to judge, as the rule would when it happened.' })
  eventId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Or a record (of the subject type) to run on as it is now.' })
  recordId?: string | null;
}

@ObjectType({ description: 'What the rule would do: whether it would run, why, and each action as it would happen.' })
export class AutomationActionPreview {
  @Field(() => Int, { description: 'Position of the action.' })
  position!: number;
  @Field(() => AutomationActionType, { description: 'Its type.' })
  type!: AutomationActionType;
  @Field(() => AutomationActionStatus, {
    description: 'SUCCEEDED: it would run (see output); SKIPPED: an earlier action stops the run; FAILED: see error.',
  })
  status!: AutomationActionStatus;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'What it would do (rendered text, recipients, values).' })
  output!: Record<string, unknown> | null;
  @Field(() => String, { nullable: true, description: 'Why it would fail.' })
  error!: string | null;
}

@ObjectType({ description: 'The result of testAutomationRule: nothing was written.' })
export class AutomationTestResult {
  @Field(() => Boolean, { description: 'Whether the rule would run its actions.' })
  wouldRun!: boolean;
  @Field(() => String, { nullable: true, description: 'Why not.' })
  reason!: string | null;
  @Field(() => GraphQLJSONObject, {
    description: 'How the trigger was judged (listened fields, guards, each part of the condition, before the change).',
  })
  trace!: Record<string, unknown>;
  @Field(() => [AutomationActionPreview], { description: 'Each action as it would happen.' })
  actions!: AutomationActionPreview[];
}

@ObjectType({ description: 'The result of a rule mutation.' })
export class AutomationRulePayload {
  @Field(() => AutomationRule, { nullable: true, description: 'The rule (null on errors).' })
  rule?: AutomationRule | null;
  @Field(() => [UserError], { description: 'What was wrong with the input.' })
  errors!: UserError[];
}

@ObjectType({ description: 'The result of testAutomationRule.' })
export class AutomationTestPayload {
  @Field(() => AutomationTestResult, { nullable: true, description: 'The test (null on errors).' })
  result?: AutomationTestResult | null;
  @Field(() => [UserError], { description: 'What was wrong with the input.' })
  errors!: UserError[];
}

@InputType({ description: 'Which notifications to mark read.' })
export class MarkNotificationsReadInput {
  @Field(() => [ID], { nullable: true, description: 'These (yours; at most 500). Omitted: all of yours.' })
  notificationIds?: string[] | null;
}

@ObjectType({ description: 'The result of markNotificationsRead.' })
export class MarkNotificationsReadPayload {
  @Field(() => Int, { nullable: true, description: 'How many were unread and are now read (null on errors).' })
  marked?: number | null;
  @Field(() => Int, { nullable: true, description: 'How many of yours are still unread (null on errors).' })
  unreadCount?: number | null;
  @Field(() => [UserError], { description: 'What was wrong with the input.' })
  errors!: UserError[];
}

@InputType({ description: 'How you want notifications of one kind in this organization; omitted fields stay as they are.' })
export class SetNotificationPreferenceInput {
  @Field(() => NotificationKind, { description: 'The kind.' })
  kind!: NotificationKind;
  @Field(() => Boolean, { nullable: true, description: 'Shown in the app (and live).' })
  inApp?: boolean | null;
  @Field(() => NotificationEmail, { nullable: true, description: 'Also e-mailed: each, in a daily digest, or not.' })
  email?: NotificationEmail | null;
}

@ObjectType({ description: 'The result of setNotificationPreference.' })
export class NotificationPreferencePayload {
  @Field(() => NotificationPreference, { nullable: true, description: 'The preference as it is now.' })
  preference?: NotificationPreference | null;
  @Field(() => [UserError], { description: 'What was wrong with the input.' })
  errors!: UserError[];
}
