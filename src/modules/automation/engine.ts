import { wrap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { toWhere } from '../../shared/filters.js';
import type { DomainEvent } from '../events/domain-event.entity.js';
import type { JobScope } from '../jobs/job-types.js';
import { requestTask } from '../jobs/tasks.js';
import { AutomationActionStatus, AutomationRunStatus, AutomationSubject, AutomationTriggerKind } from './automation-enums.js';
import { AutomationActionRun, AutomationRule, AutomationRuleVersion, AutomationRun, type RuleDefinition } from './automation.entity.js';
import { SUBJECTS, type SubjectSpec } from './subjects.js';

/** The task that runs one action of a run (automation/index.ts). */
export const ACTION_TASK = 'automation.action';
/** How deep in a chain of causes a rule still runs (an event caused by a rule's action caused by …). */
export const MAX_CHAIN_DEPTH = 5;

export const todayOf = (now: Date) => now.toISOString().slice(0, 10);

const where = (spec: SubjectSpec, id: string, condition: Record<string, unknown> | null, today: string): Record<string, unknown> => {
  const filter = condition ? toWhere(condition, spec.mapping(today)) : {};
  return Object.keys(filter).length === 0 ? { id } : { $and: [{ id }, filter] };
};

/** Whether the record matches the condition now: one statement, `where id = ? and <filter>`, compiled as the list query compiles it. */
export async function holds(
  em: EntityManager,
  subject: AutomationSubject,
  id: string,
  condition: Record<string, unknown> | null,
  today: string,
): Promise<boolean> {
  const spec = SUBJECTS[subject];
  return (await em.count(spec.entity, where(spec, id, condition, today) as never)) > 0;
}

/** Each top-level part of the condition on its own: which held (for the run log and dry runs). */
export async function conditionTrace(
  em: EntityManager,
  subject: AutomationSubject,
  id: string,
  condition: Record<string, unknown> | null,
  today: string,
): Promise<{ field: string; matched: boolean }[]> {
  if (!condition) return [];
  const parts = Object.entries(condition).filter(([, value]) => value != null);
  return Promise.all(parts.map(async ([field, value]) => ({ field, matched: await holds(em, subject, id, { [field]: value }, today) })));
}

const ROLLBACK = Symbol('rollback');

/**
 * Whether the record matched the condition before the event's change: the change's `from` values
 * written back in a savepoint, the same statement asked, the savepoint rolled back (so the one
 * compiler judges both sides). A created record did not match before; a change the savepoint cannot
 * write back (a guarded record) is `unknown`.
 */
export async function heldBefore(
  em: EntityManager,
  subject: AutomationSubject,
  event: DomainEvent,
  condition: Record<string, unknown> | null,
  today: string,
): Promise<boolean | 'unknown'> {
  if (event.type.endsWith('.created')) return false;
  const spec = SUBJECTS[subject];
  const meta = em.getMetadata().get(spec.entity);
  const values: Record<string, unknown> = {};
  for (const [field, change] of Object.entries(event.changes ?? {})) {
    const prop = meta.properties[field as keyof typeof meta.properties] as { name: string; embeddable?: unknown } | undefined;
    if (!prop) continue;
    values[field] = change.from;
  }
  if (Object.keys(values).length === 0) return holds(em, subject, event.subjectId, condition, today);
  let before: boolean | 'unknown' = 'unknown';
  try {
    await em.transactional(async (tx) => {
      await tx.nativeUpdate(spec.entity, { id: event.subjectId } as never, values as never);
      before = await holds(tx as EntityManager, subject, event.subjectId, condition, today);
      throw ROLLBACK;
    });
  } catch (error) {
    if (error !== ROLLBACK) return 'unknown';
  }
  return before;
}

/** The IDs of the events that (transitively) caused `eventId`, itself excluded. */
async function causes(em: EntityManager, organizationId: string, event: DomainEvent): Promise<string[]> {
  if (!event.causationId) return [];
  const rows = await em.execute<{ id: string }[]>(
    `with recursive chain(id, causation_id, n) as (
       select id, causation_id, 1 from domain_events where organization_id = ? and id = ?
       union all
       select e.id, e.causation_id, c.n + 1 from domain_events e join chain c on e.id = c.causation_id where e.organization_id = ? and c.n < 50
     ) select id from chain`,
    [organizationId, event.causationId, organizationId],
  );
  return rows.map((r) => r.id);
}

/** The stored definition of a rule's current version. */
export function definitionOf(rule: AutomationRule): RuleDefinition {
  return {
    name: rule.name,
    subjectType: rule.subjectType,
    triggerKind: rule.triggerKind,
    eventType: rule.eventType,
    listenFields: rule.listenFields,
    onlyWhenBecomesTrue: rule.onlyWhenBecomesTrue,
    condition: rule.condition,
    schedule: rule.schedule,
    dateField: rule.dateField,
    offsetDays: rule.offsetDays,
    actions: rule.actions,
  };
}

export type Verdict = {
  run: boolean;
  reason: string | null;
  trace: Record<string, unknown>;
};

/**
 * How a rule judges an event: listened fields, the chain guards, the condition after the change and,
 * for "becomes true", before it. Reads only (the before-check's savepoint is rolled back): the dry
 * run and the handler share it.
 */
export async function judgeEvent(
  em: EntityManager,
  organizationId: string,
  rule: RuleDefinition & { id: string | null },
  event: DomainEvent,
  now: Date,
): Promise<Verdict> {
  const today = todayOf(now);
  const changedFields = Object.keys(event.changes ?? {});
  const trace: Record<string, unknown> = { eventType: event.type, depth: event.depth };
  if (event.type.endsWith('.updated') && rule.listenFields.length > 0) {
    trace.listenFields = rule.listenFields;
    trace.changedFields = changedFields;
    if (!rule.listenFields.some((f) => changedFields.includes(f))) {
      return { run: false, reason: `None of the fields it listens to changed (${rule.listenFields.join(', ')})`, trace };
    }
  }
  if (event.depth >= MAX_CHAIN_DEPTH) {
    trace.guard = 'depth';
    return { run: false, reason: `Depth limit: the event is ${event.depth} causes deep (at most ${MAX_CHAIN_DEPTH - 1})`, trace };
  }
  if (rule.id) {
    const chain = await causes(em, organizationId, event);
    if (chain.length > 0) {
      const earlier = await em.count(AutomationRun, {
        rule: rule.id,
        subjectId: event.subjectId,
        eventId: { $in: chain },
        status: { $ne: AutomationRunStatus.SKIPPED },
      } as never);
      if (earlier > 0) {
        trace.guard = 'loop';
        return { run: false, reason: 'Loop guard: this rule already ran on this record earlier in the same chain of events', trace };
      }
    }
  }
  const matched = await holds(em, rule.subjectType, event.subjectId, rule.condition, today);
  trace.condition = { matched, ...(matched ? {} : { fields: await conditionTrace(em, rule.subjectType, event.subjectId, rule.condition, today) }) };
  if (!matched) return { run: false, reason: 'The record does not match the condition', trace };
  if (rule.onlyWhenBecomesTrue) {
    const before = await heldBefore(em, rule.subjectType, event, rule.condition, today);
    trace.before = before;
    if (before === true) return { run: false, reason: 'The condition already held before the change (only when it becomes true)', trace };
  }
  return { run: true, reason: null, trace };
}

export type Trigger = {
  kind: AutomationTriggerKind;
  subjectId: string;
  /** Makes the run unique: the event, the date or the schedule slot. */
  key: string;
  event?: DomainEvent;
};

/**
 * Records a run of the rule's current version for a trigger (once: the run key is unique) with its
 * verdict; a run that goes ahead gets one pending row per action and its first action's task.
 */
export async function startRun(scope: JobScope, rule: AutomationRule, trigger: Trigger, verdict: Verdict): Promise<AutomationRun | null> {
  const { em } = scope;
  const runKey = `${rule.id}:${rule.version}:${trigger.key}:${trigger.subjectId}`;
  if ((await em.count(AutomationRun, { runKey } as never)) > 0) return null;
  const run = em.create(AutomationRun, {
    organization: scope.organizationId,
    rule: rule.id,
    ruleVersion: rule.version,
    runKey,
    triggerKind: trigger.kind,
    eventId: trigger.event?.id ?? null,
    eventType: trigger.event?.type ?? null,
    depth: trigger.event?.depth ?? 0,
    subjectType: rule.subjectType,
    subjectId: trigger.subjectId,
    status: verdict.run ? AutomationRunStatus.RUNNING : AutomationRunStatus.SKIPPED,
    reason: verdict.reason,
    trace: verdict.trace,
    finishedAt: verdict.run ? null : scope.now,
  } as never);
  if (verdict.run) {
    for (const [position, action] of rule.actions.entries()) {
      em.create(AutomationActionRun, {
        organization: scope.organizationId,
        run,
        position,
        type: action.type,
        idempotencyKey: `${runKey}:${position}`,
        status: AutomationActionStatus.PENDING,
      } as never);
    }
  }
  await em.flush();
  if (verdict.run) {
    const first = await em.findOneOrFail(AutomationActionRun, { run: run.id, position: 0 } as never);
    await requestTask(em, scope.organizationId, ACTION_TASK, { actionRunId: first.id });
  }
  return run;
}

/** The version record a run ran (its definition). */
export const versionOf = (em: EntityManager, run: AutomationRun) =>
  em.findOneOrFail(AutomationRuleVersion, { rule: run.rule.id, version: run.ruleVersion } as never);

/** The event handler: every enabled EVENT rule for the event's type judges it; each gets a run (skipped or going ahead). */
export async function onEvent(scope: JobScope, event: DomainEvent, features: ReadonlySet<string>): Promise<void> {
  if (!features.has('automation.rules')) return;
  const rules = await scope.em.find(AutomationRule, { triggerKind: AutomationTriggerKind.EVENT, eventType: event.type, enabled: true } as never);
  for (const rule of rules) {
    if (SUBJECTS[rule.subjectType] === undefined || event.subjectType !== rule.subjectType) continue;
    const verdict = await judgeEvent(scope.em, scope.organizationId, { ...definitionOf(rule), id: rule.id }, event, scope.now);
    await startRun(scope, rule, { kind: AutomationTriggerKind.EVENT, subjectId: event.subjectId, key: event.id, event }, verdict);
  }
}

/** A record's fields for templates: its own properties, relations as IDs, Money as { amount, currency }. */
export function templateRecord(record: object): Record<string, unknown> {
  return wrap(record as never).toObject() as Record<string, unknown>;
}
