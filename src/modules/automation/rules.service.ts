import type { EntityManager } from '@mikro-orm/sql';
import { CronExpressionParser } from 'cron-parser';
import { coerceInputValue, type GraphQLSchema, isInputType } from 'graphql';
import { badUserInput } from '../../shared/errors.js';
import { toWhere } from '../../shared/filters.js';
import { findRecord } from '../../shared/find-record.js';
import { isUuid } from '../../shared/ids.js';
import { InputCheck } from '../../shared/input-check.js';
import { inTransaction } from '../../shared/transaction.js';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import { Membership } from '../core/membership.entity.js';
import { Organization } from '../core/organization.entity.js';
import { DomainEvent } from '../events/domain-event.entity.js';
import { EventType } from '../events/event-types.js';
import type { JobScope } from '../jobs/job-types.js';
import {
  AssigneeKind,
  AutomationActionStatus,
  AutomationActionType,
  AutomationSubject,
  AutomationTriggerKind,
  CampaignAudienceType,
} from './automation-enums.js';
import { Campaign } from './campaign.entity.js';
import { AutomationRule, AutomationRuleVersion, type AutomationRun, type RuleDefinition, type StoredAction } from './automation.entity.js';
import { type ActionContext, perform, recordOf } from './actions.js';
import { definitionOf, holds, judgeEvent, todayOf, conditionTrace, type Verdict } from './engine.js';
import type {
  AutomationActionPreview,
  AutomationConditionInput,
  AutomationTestResult,
  CreateAutomationRuleInput,
  TestAutomationRuleInput,
  UpdateAutomationRuleInput,
} from './dto/automation.dto.js';
import { SUBJECTS } from './subjects.js';
import { templateProblem } from './templates.js';

const MAX_ACTIONS = 20;
const MAX_WAIT_MINUTES = 43_200;

/** The condition field of each subject in AutomationConditionInput. */
const CONDITION_FIELD: Record<AutomationSubject, keyof AutomationConditionInput> = {
  [AutomationSubject.LEAD]: 'lead',
  [AutomationSubject.CONTACT]: 'contact',
  [AutomationSubject.ACCOUNT]: 'account',
  [AutomationSubject.OPPORTUNITY]: 'opportunity',
  [AutomationSubject.ACTIVITY]: 'activity',
  [AutomationSubject.ORDER]: 'order',
  [AutomationSubject.INVOICE]: 'invoice',
  [AutomationSubject.PRODUCT_VARIANT]: 'productVariant',
};

/** Domain events beyond created/updated/deleted, by the kind of record they are about. */
const DOMAIN_EVENT_SUBJECTS: Record<string, AutomationSubject> = {
  [EventType.LEAD_CONVERTED]: AutomationSubject.LEAD,
  [EventType.OPPORTUNITY_STAGE_CHANGED]: AutomationSubject.OPPORTUNITY,
  [EventType.OPPORTUNITY_WON]: AutomationSubject.OPPORTUNITY,
  [EventType.OPPORTUNITY_LOST]: AutomationSubject.OPPORTUNITY,
  [EventType.ORDER_CONFIRMED]: AutomationSubject.ORDER,
  [EventType.ORDER_FULFILLED]: AutomationSubject.ORDER,
  [EventType.ORDER_CANCELLED]: AutomationSubject.ORDER,
  [EventType.INVOICE_ISSUED]: AutomationSubject.INVOICE,
  [EventType.INVOICE_PAID]: AutomationSubject.INVOICE,
  [EventType.INVOICE_OVERDUE]: AutomationSubject.INVOICE,
  [EventType.STOCK_LOW]: AutomationSubject.PRODUCT_VARIANT,
  [EventType.PRODUCT_PRICE_CHANGED]: AutomationSubject.PRODUCT_VARIANT,
  [EventType.ANOMALY_DETECTED]: AutomationSubject.PRODUCT_VARIANT,
};

/** The event types a rule about `subject` can listen to. */
export function eventTypesOf(subject: AutomationSubject): string[] {
  const prefix = SUBJECTS[subject].eventPrefix;
  return [
    ...['created', 'updated', 'deleted'].map((action) => `${prefix}.${action}`),
    ...Object.entries(DOMAIN_EVENT_SUBJECTS)
      .filter(([, s]) => s === subject)
      .map(([type]) => type),
  ];
}

/** A condition input as stored JSON (dates as ISO strings), checked by compiling it; null for none. */
function conditionOf(
  check: InputCheck,
  field: string,
  subject: AutomationSubject,
  input: AutomationConditionInput | null | undefined,
  today: string,
) {
  if (!input) return null;
  const given = Object.entries(input).filter(([, v]) => v != null);
  if (given.length === 0) return null;
  const expected = CONDITION_FIELD[subject];
  if (given.length > 1 || given[0][0] !== expected) {
    check.fail(field, UserErrorCode.INVALID, `${field} of a ${subject} rule must be given as { ${expected}: … } and nothing else`);
    return null;
  }
  const json = JSON.parse(JSON.stringify(given[0][1])) as Record<string, unknown>;
  try {
    toWhere(json, SUBJECTS[subject].mapping(today));
  } catch (error) {
    check.fail(field, UserErrorCode.INVALID, `${field}: ${(error as Error).message}`);
  }
  return json;
}

/** The IDs a condition compares with (`id` and `…Id` fields' eq, neq, in), at any depth. */
function idsIn(condition: unknown, key = ''): string[] {
  if (Array.isArray(condition)) return condition.flatMap((item) => idsIn(item, key));
  if (!condition || typeof condition !== 'object') return [];
  return Object.entries(condition).flatMap(([k, v]) => {
    if ((k === 'eq' || k === 'neq' || k === 'in') && (key === 'id' || key.endsWith('Id')))
      return [v].flat().filter((x): x is string => typeof x === 'string');
    return idsIn(v, k);
  });
}

/**
 * A condition may only name records of the organization (and members as owners): an ID from
 * elsewhere can never match, and is refused rather than stored. One statement over every tenant table.
 */
export async function foreignIds(em: EntityManager, organizationId: string, condition: Record<string, unknown> | null): Promise<string[]> {
  const ids = [...new Set(idsIn(condition).map((id) => id.toLowerCase()))].filter(isUuid);
  if (ids.length === 0) return [];
  const tables = Object.values(em.getMetadata().getAll())
    .filter((meta) => !meta.abstract && !meta.embeddable && meta.properties.organization && meta.properties.id && !meta.pivotTable)
    .map((meta) => meta.tableName);
  const parts = [
    ...tables.map((table) => `select id from "${table}" where organization_id = ? and id = any(?::uuid[])`),
    'select user_id from memberships where organization_id = ? and user_id = any(?::uuid[])',
  ];
  const list = `{${ids.join(',')}}`;
  const rows = await em.execute<{ id: string }[]>(
    parts.join(' union '),
    parts.flatMap(() => [organizationId, list]),
  );
  const known = new Set(rows.map((r) => String(r.id)));
  return ids.filter((id) => !known.has(id));
}

/** The problem with UPDATE_FIELDS values, checked against the record's update input type, or null. */
function valuesProblem(schema: GraphQLSchema, subject: AutomationSubject, values: Record<string, unknown>): string | null {
  const spec = SUBJECTS[subject];
  if (!spec.updateInput) return `UPDATE_FIELDS is not available for ${subject} rules`;
  if (Object.keys(values).length === 0) return 'values must set at least one field';
  if ('id' in values) return 'values cannot set id';
  const type = schema.getType(spec.updateInput);
  if (!type || !isInputType(type)) return `${spec.updateInput} is not in the schema`;
  const problems: string[] = [];
  coerceInputValue({ ...values, id: '00000000-0000-4000-8000-000000000000' }, type, (path, _value, error) =>
    problems.push(`${[...path].join('.') || 'values'}: ${error.message}`),
  );
  return problems.length ? problems.join('; ') : null;
}

async function actionsOf(
  em: EntityManager,
  schema: GraphQLSchema,
  check: InputCheck,
  subject: AutomationSubject,
  inputs: CreateAutomationRuleInput['actions'],
  today: string,
): Promise<StoredAction[]> {
  if (inputs.length === 0 || inputs.length > MAX_ACTIONS) check.fail('actions', UserErrorCode.INVALID, `A rule has 1 to ${MAX_ACTIONS} actions`);
  const spec = SUBJECTS[subject];
  const stored: StoredAction[] = [];
  for (const [i, input] of inputs.entries()) {
    const at = (field: string) => `actions.${i}.${field}`;
    const action: StoredAction = { type: input.type };
    for (const field of ['subject', 'body', 'title'] as const) {
      const source = input[field];
      if (source == null) continue;
      if (source.length > 20_000) check.fail(at(field), UserErrorCode.INVALID, `${at(field)} must be at most 20000 characters`);
      const problem = templateProblem(source);
      if (problem) check.fail(at(field), UserErrorCode.INVALID, `${at(field)} is not a valid template: ${problem}`);
      action[field] = source;
    }
    const to = input.to ?? null;
    if (to) {
      if (to.kind === AssigneeKind.MEMBER) {
        if (!isUuid(to.userId)) check.fail(at('to.userId'), UserErrorCode.INVALID, `${at('to.userId')} must be the ID of a member`);
        else if ((await em.count(Membership, { user: to.userId.toLowerCase() } as never)) === 0)
          check.fail(at('to.userId'), UserErrorCode.INVALID, `User ${to.userId} is not a member of the organization`);
      }
      if ((to.kind === AssigneeKind.ROUND_ROBIN || to.kind === AssigneeKind.ROLE) && !to.role)
        check.fail(at('to.role'), UserErrorCode.REQUIRED, `${at('to.role')} is required for ${to.kind}`);
      if (to.kind === AssigneeKind.OWNER && !spec.owner) check.fail(at('to'), UserErrorCode.INVALID, `A ${subject} has no owner`);
      action.to = { kind: to.kind, userId: to.userId?.toLowerCase() ?? null, role: to.role ?? null };
    } else if (
      !spec.owner &&
      [AutomationActionType.CREATE_TASK, AutomationActionType.NOTIFY, AutomationActionType.ASSIGN_OWNER].includes(input.type)
    ) {
      check.fail(at('to'), UserErrorCode.REQUIRED, `${at('to')} is required: a ${subject} has no owner`);
    }
    const kind = to?.kind ?? AssigneeKind.OWNER;
    switch (input.type) {
      case AutomationActionType.CREATE_TASK:
        if (![AutomationSubject.LEAD, AutomationSubject.CONTACT, AutomationSubject.ACCOUNT, AutomationSubject.OPPORTUNITY].includes(subject))
          check.fail(at('type'), UserErrorCode.INVALID, `CREATE_TASK needs a lead, contact, account or opportunity rule, not ${subject}`);
        if (!input.subject?.trim()) check.fail(at('subject'), UserErrorCode.REQUIRED, `${at('subject')} is required for CREATE_TASK`);
        if (input.dueInHours != null && (input.dueInHours < 0 || input.dueInHours > 8760))
          check.fail(at('dueInHours'), UserErrorCode.INVALID, `${at('dueInHours')} must be 0 to 8760`);
        if (![AssigneeKind.OWNER, AssigneeKind.MEMBER, AssigneeKind.ROUND_ROBIN].includes(kind))
          check.fail(at('to.kind'), UserErrorCode.INVALID, 'A task goes to the owner, a member or round robin');
        if (input.dueInHours != null) action.dueInHours = input.dueInHours;
        break;
      case AutomationActionType.UPDATE_FIELDS: {
        const problem = valuesProblem(schema, subject, input.values ?? {});
        if (problem) check.fail(at('values'), UserErrorCode.INVALID, `${at('values')}: ${problem}`);
        action.values = input.values ?? {};
        break;
      }
      case AutomationActionType.ASSIGN_OWNER:
        if (!spec.update || !spec.owner) check.fail(at('type'), UserErrorCode.INVALID, `ASSIGN_OWNER is not available for ${subject} rules`);
        if (![AssigneeKind.OWNER, AssigneeKind.MEMBER, AssigneeKind.ROUND_ROBIN].includes(kind) || kind === AssigneeKind.OWNER)
          check.fail(at('to.kind'), UserErrorCode.INVALID, 'ASSIGN_OWNER goes to a member or round robin');
        break;
      case AutomationActionType.NOTIFY:
        if (!input.title?.trim()) check.fail(at('title'), UserErrorCode.REQUIRED, `${at('title')} is required for NOTIFY`);
        if (kind === AssigneeKind.RECORD) check.fail(at('to.kind'), UserErrorCode.INVALID, 'Notifications go to members');
        break;
      case AutomationActionType.SEND_EMAIL:
        if (!input.subject?.trim()) check.fail(at('subject'), UserErrorCode.REQUIRED, `${at('subject')} is required for SEND_EMAIL`);
        if (!input.body?.trim()) check.fail(at('body'), UserErrorCode.REQUIRED, `${at('body')} is required for SEND_EMAIL`);
        if (kind === AssigneeKind.RECORD && !spec.email) check.fail(at('to.kind'), UserErrorCode.INVALID, `A ${subject} has no e-mail address`);
        break;
      case AutomationActionType.WAIT:
        if (input.minutes == null || input.minutes < 1 || input.minutes > MAX_WAIT_MINUTES)
          check.fail(at('minutes'), UserErrorCode.INVALID, `${at('minutes')} must be 1 to ${MAX_WAIT_MINUTES}`);
        action.minutes = input.minutes;
        break;
      case AutomationActionType.ADD_TO_CAMPAIGN: {
        const type =
          subject === AutomationSubject.CONTACT
            ? CampaignAudienceType.CONTACTS
            : subject === AutomationSubject.LEAD
              ? CampaignAudienceType.LEADS
              : null;
        if (!type) check.fail(at('type'), UserErrorCode.INVALID, `ADD_TO_CAMPAIGN needs a contact or lead rule, not ${subject}`);
        else if (!isUuid(input.campaignId)) check.fail(at('campaignId'), UserErrorCode.REQUIRED, `${at('campaignId')} must name a campaign`);
        else {
          const campaign = await em.findOne(Campaign, { id: input.campaignId.toLowerCase() } as never);
          if (!campaign) check.fail(at('campaignId'), UserErrorCode.INVALID, `There is no campaign ${input.campaignId} in the organization`);
          else if (campaign.audienceType !== type)
            check.fail(at('campaignId'), UserErrorCode.INVALID, `Campaign ${campaign.name} is for ${campaign.audienceType}s`);
        }
        action.campaignId = input.campaignId?.toLowerCase() ?? null;
        break;
      }
      case AutomationActionType.STOP_IF: {
        const condition = conditionOf(check, at('condition'), subject, input.condition, today);
        if (!condition) check.fail(at('condition'), UserErrorCode.REQUIRED, `${at('condition')} is required for STOP_IF`);
        action.condition = condition;
        break;
      }
    }
    stored.push(action);
  }
  return stored;
}

type RuleFields = Omit<CreateAutomationRuleInput, 'actions' | 'condition'> & {
  actions?: CreateAutomationRuleInput['actions'];
  condition?: AutomationConditionInput | null;
};

/** Checks a whole rule (as it will be after the change) and returns its definition. */
async function definitionFrom(
  em: EntityManager,
  schema: GraphQLSchema,
  input: RuleFields,
  current: RuleDefinition | null,
  now: Date,
  organizationId: string,
): Promise<RuleDefinition> {
  const check = new InputCheck();
  const today = todayOf(now);
  const subject = input.subjectType;
  const name = input.name ?? current?.name ?? '';
  check.text('name', name, { max: 200 });
  const triggerKind = input.triggerKind;
  const listenFields = input.listenFields ?? current?.listenFields ?? [];
  const meta = em.getMetadata().get(SUBJECTS[subject].entity);
  for (const field of listenFields)
    if (!(field in meta.properties)) check.fail('listenFields', UserErrorCode.INVALID, `${subject} has no field "${field}"`);
  let eventType: string | null = null;
  let schedule: string | null = null;
  let dateField: string | null = null;
  let offsetDays: number | null = null;
  if (triggerKind === AutomationTriggerKind.EVENT) {
    eventType = input.eventType ?? current?.eventType ?? null;
    const allowed = eventTypesOf(subject);
    if (!eventType) check.fail('eventType', UserErrorCode.REQUIRED, 'eventType is required for an EVENT rule');
    else if (!allowed.includes(eventType))
      check.fail('eventType', UserErrorCode.INVALID, `A ${subject} rule listens to one of: ${allowed.join(', ')}`);
  } else if (triggerKind === AutomationTriggerKind.SCHEDULE) {
    schedule = input.schedule ?? current?.schedule ?? null;
    if (!schedule) check.fail('schedule', UserErrorCode.REQUIRED, 'schedule is required for a SCHEDULE rule');
    else {
      try {
        if (schedule.trim().split(/\s+/).length !== 5) throw new Error('it must have 5 fields (minute hour day month weekday)');
        CronExpressionParser.parse(schedule, { tz: 'UTC' });
      } catch (error) {
        check.fail('schedule', UserErrorCode.INVALID, `schedule is not a cron expression: ${(error as Error).message}`);
      }
    }
  } else {
    dateField = input.dateField ?? current?.dateField ?? null;
    offsetDays = input.offsetDays ?? current?.offsetDays ?? 0;
    const dates = Object.keys(SUBJECTS[subject].dates);
    if (!dateField) check.fail('dateField', UserErrorCode.REQUIRED, 'dateField is required for a DATE_OFFSET rule');
    else if (!dates.includes(dateField)) check.fail('dateField', UserErrorCode.INVALID, `A ${subject} rule counts from one of: ${dates.join(', ')}`);
    if (offsetDays < -365 || offsetDays > 365) check.fail('offsetDays', UserErrorCode.INVALID, 'offsetDays must be −365 to 365');
  }
  const condition = input.condition !== undefined ? conditionOf(check, 'condition', subject, input.condition, today) : (current?.condition ?? null);
  const actions = input.actions ? await actionsOf(em, schema, check, subject, input.actions, today) : (current?.actions ?? []);
  for (const [field, value] of [
    ['condition', condition],
    ...actions.map((a, i) => [`actions.${i}.condition`, a.condition ?? null] as const),
  ] as const) {
    const unknown = await foreignIds(em, organizationId, value as Record<string, unknown> | null);
    if (unknown.length > 0)
      check.fail(field, UserErrorCode.INVALID, `${field} names records that are not in the organization: ${unknown.join(', ')}`);
  }
  check.done();
  return {
    name: name.trim(),
    subjectType: subject,
    triggerKind,
    eventType,
    listenFields,
    onlyWhenBecomesTrue: input.onlyWhenBecomesTrue ?? current?.onlyWhenBecomesTrue ?? false,
    condition,
    schedule,
    dateField,
    offsetDays,
    actions,
  };
}

export const findRule = (em: EntityManager, id: string) => findRecord(em, AutomationRule, 'AutomationRule', id, { includeDeleted: true });

/** When a SCHEDULE rule runs next after `now` (UTC), or null for other rules. */
export function nextRunOf(definition: RuleDefinition, now: Date, timeZone: string): Date | null {
  if (definition.triggerKind !== AutomationTriggerKind.SCHEDULE || !definition.schedule) return null;
  return CronExpressionParser.parse(definition.schedule, { currentDate: now, tz: timeZone }).next().toDate();
}

async function apply(em: EntityManager, rule: AutomationRule, definition: RuleDefinition, now: Date) {
  const { timeZone } = await em.findOneOrFail(Organization, { id: rule.organization.id });
  Object.assign(rule, definition, { nextRunAt: nextRunOf(definition, now, timeZone), checkedThrough: null });
}

type Actor = { organizationId: string; userId: string | null; now: Date };

export function createRule(em: EntityManager, schema: GraphQLSchema, actor: Actor, input: CreateAutomationRuleInput): Promise<AutomationRule> {
  return inTransaction(em, async (tx) => {
    const definition = await definitionFrom(tx, schema, input, null, actor.now, actor.organizationId);
    const rule = tx.create(AutomationRule, {
      organization: actor.organizationId,
      description: input.description?.trim() ?? '',
      enabled: input.enabled ?? true,
      createdBy: actor.userId,
      version: 1,
      ...definition,
    } as never);
    await apply(tx, rule, definition, actor.now);
    tx.create(AutomationRuleVersion, { organization: actor.organizationId, rule, version: 1, definition, createdBy: actor.userId } as never);
    await tx.flush();
    return rule;
  });
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function updateRule(em: EntityManager, schema: GraphQLSchema, actor: Actor, input: UpdateAutomationRuleInput): Promise<AutomationRule> {
  return inTransaction(em, async (tx) => {
    const rule = await findRule(tx, input.id);
    const current = definitionOf(rule);
    const definition = await definitionFrom(
      tx,
      schema,
      { ...input, subjectType: rule.subjectType, triggerKind: input.triggerKind ?? rule.triggerKind, name: input.name ?? rule.name } as RuleFields,
      current,
      actor.now,
      actor.organizationId,
    );
    if (input.description != null) rule.description = input.description.trim();
    if (input.enabled != null) rule.enabled = input.enabled;
    if (!same(definition, current)) {
      rule.version += 1;
      await apply(tx, rule, definition, actor.now);
      tx.create(AutomationRuleVersion, {
        organization: actor.organizationId,
        rule,
        version: rule.version,
        definition,
        createdBy: actor.userId,
      } as never);
    }
    await tx.flush();
    return rule;
  });
}

export function deleteRule(em: EntityManager, id: string): Promise<AutomationRule> {
  return inTransaction(em, async (tx) => {
    const rule = await findRule(tx, id);
    if (rule.builtIn) throw PayloadError.of(UserErrorCode.INVALID_STATE, 'id', 'A built-in rule cannot be deleted: disable it instead');
    const copy = Object.assign(Object.create(Object.getPrototypeOf(rule)), rule) as AutomationRule;
    tx.remove(rule);
    await tx.flush();
    return copy;
  });
}

/**
 * A dry run: how a saved rule or a draft would judge an event (or a record as it is now), and what
 * each action would do: inside a savepoint that is always rolled back, so nothing is written.
 */
export async function testRule(
  em: EntityManager,
  schema: GraphQLSchema,
  scope: JobScope,
  input: TestAutomationRuleInput,
): Promise<AutomationTestResult> {
  if ((input.ruleId == null) === (input.draft == null))
    throw PayloadError.of(UserErrorCode.INVALID, 'ruleId', 'Give exactly one of ruleId and draft');
  if ((input.eventId == null) === (input.recordId == null))
    throw PayloadError.of(UserErrorCode.INVALID, 'eventId', 'Give exactly one of eventId and recordId');
  const saved = input.ruleId ? await findRule(em, input.ruleId) : null;
  const definition = saved
    ? definitionOf(saved)
    : await definitionFrom(em, schema, input.draft as CreateAutomationRuleInput, null, scope.now, scope.organizationId);
  let result: AutomationTestResult | undefined;
  const rollback = Symbol('rollback');
  try {
    await em.transactional(async (tx) => {
      const txScope = { ...scope, em: tx as EntityManager };
      let verdict: Verdict;
      let subjectId: string;
      let eventType: string | null = null;
      if (input.eventId) {
        if (!isUuid(input.eventId)) throw badUserInput('input.eventId', `"${input.eventId}" is not an ID`);
        const event = await findRecord(tx as EntityManager, DomainEvent, 'DomainEvent', input.eventId, { includeDeleted: true });
        if (event.subjectType !== definition.subjectType)
          throw PayloadError.of(
            UserErrorCode.INVALID,
            'eventId',
            `The event is about a ${event.subjectType}, the rule about a ${definition.subjectType}`,
          );
        verdict = await judgeEvent(tx as EntityManager, scope.organizationId, { ...definition, id: saved?.id ?? null }, event, scope.now);
        if (definition.triggerKind === AutomationTriggerKind.EVENT && definition.eventType !== event.type) {
          verdict = { run: false, reason: `The rule listens to ${definition.eventType}, the event is ${event.type}`, trace: verdict.trace };
        }
        subjectId = event.subjectId;
        eventType = event.type;
      } else {
        subjectId = String(input.recordId);
        if (!isUuid(subjectId)) throw badUserInput('input.recordId', `"${subjectId}" is not an ID`);
        await findRecord(tx as EntityManager, SUBJECTS[definition.subjectType].entity as never, definition.subjectType, subjectId, {
          includeDeleted: true,
        });
        const today = todayOf(scope.now);
        const matched = await holds(tx as EntityManager, definition.subjectType, subjectId, definition.condition, today);
        const fields = await conditionTrace(tx as EntityManager, definition.subjectType, subjectId, definition.condition, today);
        verdict = { run: matched, reason: matched ? null : 'The record does not match the condition', trace: { condition: { matched, fields } } };
      }
      const record = (await recordOf(tx as EntityManager, definition.subjectType, subjectId))!;
      const run = { id: '', rule: { id: saved?.id ?? '' } } as unknown as AutomationRun;
      const previews: AutomationActionPreview[] = [];
      let going = verdict.run;
      for (const [position, action] of definition.actions.entries()) {
        if (!going) {
          previews.push({ position, type: action.type, status: AutomationActionStatus.SKIPPED, output: null, error: null });
          continue;
        }
        const ctx: ActionContext = {
          scope: txScope,
          run,
          definition,
          action,
          position,
          record,
          variables: { record, rule: { name: definition.name }, event: { type: eventType } },
          dry: true,
        };
        try {
          const output = await perform(ctx);
          previews.push({ position, type: action.type, status: AutomationActionStatus.SUCCEEDED, output, error: null });
          if (action.type === AutomationActionType.STOP_IF && output.matched !== true) going = false;
        } catch (error) {
          previews.push({ position, type: action.type, status: AutomationActionStatus.FAILED, output: null, error: (error as Error).message });
          going = false;
        }
      }
      result = { wouldRun: verdict.run, reason: verdict.reason, trace: verdict.trace, actions: previews };
      throw rollback;
    });
  } catch (error) {
    if (error !== rollback) throw error;
  }
  return result!;
}
