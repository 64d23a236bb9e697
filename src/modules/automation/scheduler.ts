import type { EntityManager } from '@mikro-orm/sql';
import { toWhere } from '../../shared/filters.js';
import { loadFeatures } from '../../context.js';
import { Organization } from '../core/organization.entity.js';
import type { JobScope, Schedule } from '../jobs/job-types.js';
import { AutomationTriggerKind } from './automation-enums.js';
import { AutomationRule } from './automation.entity.js';
import { definitionOf, startRun } from './engine.js';
import { nextRunOf } from './rules.service.js';
import { addDays, localDate, startOfLocalDay } from './local-time.js';
import { SUBJECTS } from './subjects.js';

/** Most records one rule runs for in one tick (the next tick takes the rest of a date's records). */
export const RECORDS_PER_TICK = 500;

/** Records of the rule's subject matching its condition (and `extra`), oldest ID first, at most RECORDS_PER_TICK. */
async function matching(em: EntityManager, rule: AutomationRule, today: string, extra: Record<string, unknown>): Promise<string[]> {
  const spec = SUBJECTS[rule.subjectType];
  const condition = rule.condition ? toWhere(rule.condition, spec.mapping(today)) : {};
  const where = { $and: [extra, condition].filter((w) => Object.keys(w).length > 0) };
  const rows = await em.find(spec.entity, where as never, { fields: ['id'] as never, orderBy: { id: 'asc' } as never, limit: RECORDS_PER_TICK });
  return rows.map((r) => (r as { id: string }).id);
}

const verdict = (trace: Record<string, unknown>) => ({ run: true, reason: null, trace: { ...trace, condition: { matched: true } } });

/** A SCHEDULE rule whose time came: a run for each matching record, keyed by the slot; then its next time. */
async function runSchedule(scope: JobScope, rule: AutomationRule, timeZone: string, today: string): Promise<void> {
  const slot = (rule.nextRunAt ?? scope.now).toISOString();
  for (const id of await matching(scope.em, rule, today, {})) {
    await startRun(
      scope,
      rule,
      { kind: AutomationTriggerKind.SCHEDULE, subjectId: id, key: `schedule:${slot}` },
      verdict({ schedule: rule.schedule, slot }),
    );
  }
  // Missed slots (the workers were down) are not replayed one by one: the rule runs once, then keeps its cron.
  rule.nextRunAt = nextRunOf(definitionOf(rule), scope.now, timeZone);
}

/**
 * A DATE_OFFSET rule: for each local day since it last looked (today at the first look), the
 * records whose date field falls `offsetDays` before it (a date field on that day; a timestamp
 * within that local day), each once per day (the run key).
 */
async function runDateOffset(scope: JobScope, rule: AutomationRule, timeZone: string, today: string): Promise<void> {
  const spec = SUBJECTS[rule.subjectType];
  const field = rule.dateField as string;
  let day = rule.checkedThrough ? addDays(rule.checkedThrough, 1) : today;
  while (day <= today) {
    const target = addDays(day, -(rule.offsetDays ?? 0));
    const on =
      spec.dates[field] === 'date'
        ? { [field]: target }
        : { [field]: { $gte: startOfLocalDay(target, timeZone), $lt: startOfLocalDay(addDays(target, 1), timeZone) } };
    const ids = await matching(scope.em, rule, today, on);
    for (const id of ids) {
      await startRun(
        scope,
        rule,
        { kind: AutomationTriggerKind.DATE_OFFSET, subjectId: id, key: `date:${day}` },
        verdict({ dateField: field, offsetDays: rule.offsetDays, day, target }),
      );
    }
    // A full page: this day again next tick (the run keys skip the records already run).
    if (ids.length >= RECORDS_PER_TICK) return;
    rule.checkedThrough = day;
    day = addDays(day, 1);
  }
}

/** Organizations with a scheduled or date-offset rule to look at now (IDs only, read as the owner). */
async function organizationsDue(em: EntityManager, now: Date): Promise<string[]> {
  const rows = await em.execute<{ organization_id: string }[]>(
    `select distinct r.organization_id from automation_rules r join organizations o on o.id = r.organization_id
      where r.enabled and (
        (r.trigger_kind = 'schedule' and r.next_run_at <= ?)
        or (r.trigger_kind = 'date_offset' and (r.checked_through is null or r.checked_through < (?::timestamptz at time zone o.time_zone)::date)))
      order by 1`,
    [now, now],
  );
  return rows.map((r) => r.organization_id);
}

/** Every minute (SCHEDULE_AUTOMATION): the organizations with rules due get a job that runs them. */
export const automationSchedule: Schedule = {
  key: 'automation-rules',
  description: 'Runs automation rules on a schedule or a date offset that have come due.',
  cron: (config) => config.jobs.schedules.automation,
  organizations: organizationsDue,
  async run(scope) {
    const enabled = (await loadFeatures(scope.em, scope.organizationId)).has('automation.rules');
    const { timeZone } = await scope.em.findOneOrFail(Organization, { id: scope.organizationId });
    const today = localDate(scope.now, timeZone);
    const rules = await scope.em.find(
      AutomationRule,
      {
        enabled: true,
        $or: [
          { triggerKind: AutomationTriggerKind.SCHEDULE, nextRunAt: { $lte: scope.now } },
          { triggerKind: AutomationTriggerKind.DATE_OFFSET, $or: [{ checkedThrough: null }, { checkedThrough: { $lt: today } }] },
        ],
      } as never,
      { orderBy: { id: 'asc' } },
    );
    for (const rule of rules) {
      // Without the feature nothing runs, but the rules move on (no backlog to replay when it is switched on).
      if (!enabled) {
        if (rule.triggerKind === AutomationTriggerKind.SCHEDULE) rule.nextRunAt = nextRunOf(definitionOf(rule), scope.now, timeZone);
        else rule.checkedThrough = today;
      } else if (rule.triggerKind === AutomationTriggerKind.SCHEDULE) await runSchedule(scope, rule, timeZone, today);
      else await runDateOffset(scope, rule, timeZone, today);
    }
    await scope.em.flush();
  },
};
