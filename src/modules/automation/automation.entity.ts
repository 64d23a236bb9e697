import type { Opt, Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Node } from '../../shared/node.type.js';
import { TenantEntity } from '../../shared/tenant.entity.js';
import { User } from '../core/user.entity.js';
import {
  AutomationActionStatus,
  AutomationActionType,
  AutomationRunStatus,
  AutomationSubject,
  AutomationTriggerKind,
  NotificationEmail,
  NotificationKind,
} from './automation-enums.js';

/** One action of a rule as stored (the validated input: see AutomationActionInput). */
export type StoredAction = { type: AutomationActionType } & Record<string, unknown>;

/** What a version of a rule does: everything a run needs, frozen when the version is saved. */
export type RuleDefinition = {
  name: string;
  subjectType: AutomationSubject;
  triggerKind: AutomationTriggerKind;
  eventType: string | null;
  listenFields: string[];
  onlyWhenBecomesTrue: boolean;
  condition: Record<string, unknown> | null;
  schedule: string | null;
  dateField: string | null;
  offsetDays: number | null;
  actions: StoredAction[];
};

/**
 * A rule: when its trigger fires for a record of its subject type and the record matches its
 * condition, its actions run in order (automation.rules). Every edit is a new version; runs record
 * the version they ran.
 */
@Entity({ tableName: 'automation_rules' })
@Index({ properties: ['organization', 'triggerKind', 'eventType'] })
@Index({ properties: ['organization', 'createdAt', 'id'] })
@Unique({ properties: ['organization', 'builtIn'] })
@ObjectType({
  implements: Node,
  description: 'An automation rule: trigger, condition, ordered actions (feature automation.rules; owners and admins).',
})
export class AutomationRule extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the rule.' })
  declare id: string;

  @Field(() => Date, { description: 'When it was created (UTC).' })
  declare createdAt: Opt<Date>;

  @Field(() => Date, { description: 'When it last changed (UTC).' })
  declare updatedAt: Opt<Date>;

  @Property({ type: 'string', length: 200 })
  @Field(() => String, { description: 'Name.' })
  name!: string;

  @Property({ type: 'text', default: '' })
  @Field(() => String, { description: 'What it is for.' })
  description: Opt<string> = '';

  @Property({ type: 'boolean', default: true })
  @Field(() => Boolean, { description: 'Whether it runs.' })
  enabled: Opt<boolean> = true;

  @Property({ type: 'integer', default: 1 })
  @Field(() => Int, { description: 'Version, 1 and up: every edit of what it does is a new version.' })
  version: Opt<number> = 1;

  @Enum({ items: () => AutomationSubject, nativeEnumName: 'automation_subject' })
  @Field(() => AutomationSubject, { description: 'The kind of record it is about.' })
  subjectType!: AutomationSubject;

  @Enum({ items: () => AutomationTriggerKind, nativeEnumName: 'automation_trigger_kind' })
  @Field(() => AutomationTriggerKind, { description: 'What starts it.' })
  triggerKind!: AutomationTriggerKind;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'EVENT: the event type (from the EventType catalogue, e.g. opportunity.updated).' })
  eventType: string | null = null;

  @Property({ type: 'json', default: '[]' })
  @Field(() => [String], { description: 'EVENT on *.updated: runs only when one of these fields changed (empty: any change).' })
  listenFields: Opt<string[]> = [];

  @Property({ type: 'boolean', default: false })
  @Field(() => Boolean, { description: 'Runs only when the condition becomes true: it holds after the change and did not before.' })
  onlyWhenBecomesTrue: Opt<boolean> = false;

  @Property({ type: 'json', nullable: true })
  @Field(() => GraphQLJSONObject, { nullable: true, description: "The condition: the subject type's list filter as JSON (null: always)." })
  condition: Record<string, unknown> | null = null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: "SCHEDULE: a 5-field cron expression in the organization's time zone." })
  schedule: string | null = null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'DATE_OFFSET: the date field (e.g. expectedCloseDate, dueAt, dueDate).' })
  dateField: string | null = null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'DATE_OFFSET: days after the date (negative: before).' })
  offsetDays: number | null = null;

  @Property({ type: 'json', default: '[]' })
  @Field(() => GraphQLJSON, { description: 'The ordered actions as saved (see AutomationActionInput).' })
  actions: Opt<StoredAction[]> = [];

  /** The built-in rule this is (e.g. `due-activity-reminders`), null for a user's rule. */
  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Set for a rule every organization gets (due-activity-reminders).' })
  builtIn: string | null = null;

  @ManyToOne({ entity: () => User, ref: true, nullable: true, deleteRule: 'set null' })
  createdBy: Ref<User> | null = null;

  /** SCHEDULE: when it runs next (UTC). */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'SCHEDULE: when it runs next (UTC).' })
  nextRunAt: Date | null = null;

  /** DATE_OFFSET: the last local day whose records have been looked at (YYYY-MM-DD). */
  @Property({ type: 'date', nullable: true })
  checkedThrough: string | null = null;

  /** Round-robin turns taken, by action index. */
  @Property({ type: 'json', default: '{}' })
  roundRobin: Opt<Record<string, number>> = {};
}

/** A version of a rule as it was saved: what runs of that version did. */
@Entity({ tableName: 'automation_rule_versions' })
@Unique({ properties: ['organization', 'rule', 'version'] })
export class AutomationRuleVersion extends TenantEntity {
  @ManyToOne({ entity: () => AutomationRule, ref: true, deleteRule: 'cascade' })
  rule!: Ref<AutomationRule>;

  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'json' })
  definition!: RuleDefinition;

  @ManyToOne({ entity: () => User, ref: true, nullable: true, deleteRule: 'set null' })
  createdBy: Ref<User> | null = null;
}

/** One execution of a rule for one record: its trigger, the condition trace, and each action's result. */
@Entity({ tableName: 'automation_runs' })
@Unique({ properties: ['organization', 'runKey'] })
@Index({ properties: ['organization', 'rule', 'createdAt', 'id'] })
@Index({ properties: ['organization', 'createdAt', 'id'] })
@Index({ properties: ['organization', 'subjectId'] })
@ObjectType({ implements: Node, description: 'One execution of an automation rule for one record (its run log).' })
export class AutomationRun extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the run.' })
  declare id: string;

  @Field(() => Date, { description: 'When it started (UTC).' })
  declare createdAt: Opt<Date>;

  @ManyToOne({ entity: () => AutomationRule, ref: true, deleteRule: 'cascade' })
  rule!: Ref<AutomationRule>;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'The version of the rule it ran.' })
  ruleVersion!: number;

  /** Unique per organization: one run per rule version and trigger (event, date or schedule slot) and record. */
  @Property({ type: 'text' })
  runKey!: string;

  @Enum({ items: () => AutomationTriggerKind, nativeEnumName: 'automation_trigger_kind' })
  @Field(() => AutomationTriggerKind, { description: 'What started it.' })
  triggerKind!: AutomationTriggerKind;

  @Property({ type: 'uuid', nullable: true })
  @Field(() => ID, { nullable: true, description: 'EVENT: the domain event that triggered it.' })
  eventId: string | null = null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'EVENT: its type.' })
  eventType: string | null = null;

  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Depth of the trigger in its chain of causes (0: a direct change).' })
  depth: Opt<number> = 0;

  @Enum({ items: () => AutomationSubject, nativeEnumName: 'automation_subject' })
  @Field(() => AutomationSubject, { description: 'The kind of record.' })
  subjectType!: AutomationSubject;

  @Property({ type: 'uuid' })
  @Field(() => ID, { description: 'The record it ran for.' })
  subjectId!: string;

  @Enum({ items: () => AutomationRunStatus, nativeEnumName: 'automation_run_status' })
  @Field(() => AutomationRunStatus, { description: 'Where it stands.' })
  status!: AutomationRunStatus;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Why it was skipped, stopped or failed.' })
  reason: string | null = null;

  @Property({ type: 'json', default: '{}' })
  @Field(() => GraphQLJSONObject, {
    description: 'How the trigger was judged: { listenFields, changedFields, condition: { matched, fields: [{ field, matched }] }, before, guard }.',
  })
  trace: Opt<Record<string, unknown>> = {};

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it ended (UTC); null while running or waiting.' })
  finishedAt: Date | null = null;
}

/** One action of a run: its status, output or error, attempts and duration. */
@Entity({ tableName: 'automation_action_runs' })
@Unique({ properties: ['organization', 'idempotencyKey'] })
@Unique({ properties: ['organization', 'run', 'position'] })
// The action rate limit counts an organization's actions started in the last minute.
@Index({ properties: ['organization', 'startedAt'] })
@ObjectType({ description: 'One action of a run: what it did (output) or why not (error).' })
export class AutomationActionRun extends TenantEntity {
  @ManyToOne({ entity: () => AutomationRun, ref: true, deleteRule: 'cascade' })
  run!: Ref<AutomationRun>;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: "Its position among the rule's actions (0 first)." })
  position!: number;

  @Enum({ items: () => AutomationActionType, nativeEnumName: 'automation_action_type' })
  @Field(() => AutomationActionType, { description: 'What it does.' })
  type!: AutomationActionType;

  /** (rule, version, trigger, record, position): a retried run never repeats a done action. */
  @Property({ type: 'text' })
  @Field(() => String, { description: 'Rule version, trigger, record and position: a retried run never repeats an action done under this key.' })
  idempotencyKey!: string;

  @Enum({ items: () => AutomationActionStatus, nativeEnumName: 'automation_action_status' })
  @Field(() => AutomationActionStatus, { description: 'Where it stands.' })
  status!: AutomationActionStatus;

  @Property({ type: 'json', nullable: true })
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'What it did (IDs of what it created or changed, the rendered text, who got it).' })
  output: Record<string, unknown> | null = null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: "Its error (the last attempt's while it is retried)." })
  error: string | null = null;

  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'How many times it was tried.' })
  attempts: Opt<number> = 0;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it last started (UTC).' })
  startedAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it ended (UTC).' })
  finishedAt: Date | null = null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'How long its last attempt took, in milliseconds.' })
  durationMs: number | null = null;
}

/** An in-app notification for one member of the organization. */
@Entity({ tableName: 'notifications' })
@Index({ properties: ['organization', 'user', 'createdAt', 'id'] })
@Index({
  properties: ['organization', 'user'],
  expression: 'create index "notifications_unread_index" on "notifications" ("organization_id", "user_id") where "read_at" is null',
  name: 'notifications_unread_index',
})
@ObjectType({ implements: Node, description: 'An in-app notification for you (from a rule, a reminder or the system).' })
export class Notification extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the notification.' })
  declare id: string;

  @Field(() => Date, { description: 'When it was sent (UTC).' })
  declare createdAt: Opt<Date>;

  @ManyToOne({ entity: () => User, ref: true, deleteRule: 'cascade' })
  user!: Ref<User>;

  @Property({ type: 'text', default: 'automation' })
  @Field(() => String, { description: 'Its kind (automation, reminder), for preferences.' })
  kind: Opt<string> = 'automation';

  @Property({ type: 'string', length: 300 })
  @Field(() => String, { description: 'Title.' })
  title!: string;

  @Property({ type: 'text', default: '' })
  @Field(() => String, { description: 'Body text.' })
  body: Opt<string> = '';

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'GraphQL type of the record it is about.' })
  subjectType: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  @Field(() => ID, { nullable: true, description: 'The record it is about (fetch it with node(id)).' })
  subjectId: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When you read it (UTC); null while unread.' })
  readAt: Date | null = null;

  /** The run that sent it, if any. */
  @Property({ type: 'uuid', nullable: true })
  runId: string | null = null;

  /** When a daily digest listed it (each notification is in at most one). */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  digestedAt: Date | null = null;
}

/** How one member wants notifications of one kind (defaults without a row: in the app, no e-mail). */
@Entity({ tableName: 'notification_preferences' })
@Unique({ properties: ['organization', 'user', 'kind'] })
@ObjectType({ description: 'How you get notifications of one kind in this organization.' })
export class NotificationPreference extends TenantEntity {
  @ManyToOne({ entity: () => User, ref: true, deleteRule: 'cascade' })
  user!: Ref<User>;

  @Enum({ items: () => NotificationKind, nativeEnumName: 'notification_kind' })
  @Field(() => NotificationKind, { description: 'The kind.' })
  kind!: NotificationKind;

  @Property({ type: 'boolean', default: true })
  @Field(() => Boolean, { description: 'Shown in the app (and live). Off: kept as read, for e-mail only.' })
  inApp: Opt<boolean> = true;

  @Enum({ items: () => NotificationEmail, nativeEnumName: 'notification_email', default: NotificationEmail.NONE })
  @Field(() => NotificationEmail, { description: 'Whether they are also e-mailed: each, in a daily digest, or not.' })
  email: Opt<NotificationEmail> = NotificationEmail.NONE;
}
