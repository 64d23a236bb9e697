import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { GraphQLError } from 'graphql';
import { PayloadError } from '../../shared/user-error.js';
import { Membership, type Role } from '../core/membership.entity.js';
import { User } from '../core/user.entity.js';
import { createActivity } from '../customers/activity.service.js';
import { ActivityType } from '../customers/customers-enums.js';
import type { JobScope } from '../jobs/job-types.js';
import { requestTask } from '../jobs/tasks.js';
import {
  AssigneeKind,
  AutomationActionStatus,
  AutomationActionType,
  AutomationRunStatus,
  AutomationSubject,
  NotificationKind,
} from './automation-enums.js';
import { AutomationActionRun, AutomationRule, AutomationRun, type RuleDefinition, type StoredAction } from './automation.entity.js';
import { ACTION_TASK, holds, templateRecord, todayOf, versionOf } from './engine.js';
import { addRecipient } from './campaigns.service.js';
import { mailerFor, sendNotifications } from './notifications.js';
import { SUBJECTS } from './subjects.js';
import { renderTemplate } from './templates.js';

/** Actions one organization may start per minute (every rule together): more wait their turn. */
export const ACTIONS_PER_MINUTE = 600;
/** Retries of an action that failed unexpectedly (a database or SMTP error), after 10 s, 1 min, 5 min. */
const RETRY_DELAYS_SECONDS = [10, 60, 300];

/** An action's mistake (bad data, a refused change): retrying cannot help, the run fails at once. */
export class ActionError extends Error {}

const isClientError = (error: unknown) => error instanceof ActionError || error instanceof PayloadError || error instanceof GraphQLError;
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 2000);

export type ActionContext = {
  scope: JobScope;
  run: AutomationRun;
  definition: RuleDefinition;
  action: StoredAction;
  position: number;
  record: Record<string, unknown> & { id: string };
  /** What templates see. */
  variables: Record<string, unknown>;
  /** True in a dry run: describe, write nothing. */
  dry: boolean;
};

const str = (value: unknown) => (typeof value === 'string' ? value : '');
const recipientOf = (action: StoredAction) =>
  (action.to ?? { kind: AssigneeKind.OWNER }) as { kind: AssigneeKind; userId?: string | null; role?: Role | null };

/** The record's owner, when its kind has one. */
const ownerOf = (ctx: ActionContext): string | null => {
  const owner = ctx.record.owner as string | { id: string } | null | undefined;
  return owner == null ? null : typeof owner === 'string' ? owner : owner.id;
};

/** Active members of a role, in a stable order. */
async function membersOf(em: EntityManager, role: Role): Promise<string[]> {
  const rows = await em.find(Membership, { role, user: { isActive: true } } as never, { orderBy: { user: 'asc' } as never });
  return rows.map((m) => m.user.id);
}

/** The next member of a role in the rule's round robin for this action (a turn taken, unless dry). */
async function roundRobin(ctx: ActionContext, role: Role): Promise<string> {
  const members = await membersOf(ctx.scope.em, role);
  if (members.length === 0) throw new ActionError(`Round robin: no active member has the role ${role}`);
  const rule = await ctx.scope.em.findOneOrFail(
    AutomationRule,
    { id: ctx.run.rule.id },
    { lockMode: ctx.dry ? undefined : LockMode.PESSIMISTIC_WRITE },
  );
  const turn = rule.roundRobin[String(ctx.position)] ?? 0;
  if (!ctx.dry) rule.roundRobin = { ...rule.roundRobin, [String(ctx.position)]: turn + 1 };
  return members[turn % members.length];
}

/** The one member an action is for (CREATE_TASK, ASSIGN_OWNER), or null (the record has no owner). */
async function oneMember(ctx: ActionContext): Promise<string | null> {
  const to = recipientOf(ctx.action);
  if (to.kind === AssigneeKind.OWNER) return ownerOf(ctx);
  if (to.kind === AssigneeKind.MEMBER) {
    const member = await ctx.scope.em.count(Membership, { user: to.userId } as never);
    if (member === 0) throw new ActionError(`User ${to.userId} is no longer a member of the organization`);
    return String(to.userId);
  }
  if (to.kind === AssigneeKind.ROUND_ROBIN) return roundRobin(ctx, to.role as Role);
  throw new ActionError(`${ctx.action.type} cannot go to ${to.kind}`);
}

/** Everyone an action is for (NOTIFY, SEND_EMAIL to members). */
async function members(ctx: ActionContext): Promise<string[]> {
  const to = recipientOf(ctx.action);
  if (to.kind === AssigneeKind.ROLE) return membersOf(ctx.scope.em, to.role as Role);
  const one = await oneMember(ctx);
  return one ? [one] : [];
}

const render = (ctx: ActionContext, field: string) => renderTemplate(str(ctx.action[field]), ctx.variables);

const SUBJECT_FIELDS: Partial<Record<AutomationSubject, string>> = {
  [AutomationSubject.LEAD]: 'leadId',
  [AutomationSubject.CONTACT]: 'contactId',
  [AutomationSubject.ACCOUNT]: 'accountId',
  [AutomationSubject.OPPORTUNITY]: 'opportunityId',
};

/** Dates in stored UPDATE_FIELDS values (JSON strings) as the update services take them. */
function revive(em: EntityManager, subject: AutomationSubject, values: Record<string, unknown>): Record<string, unknown> {
  const meta = em.getMetadata().get(SUBJECTS[subject].entity);
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => {
      const prop = meta.properties[key as keyof typeof meta.properties] as { type?: string } | undefined;
      return [key, typeof value === 'string' && prop?.type === 'datetime' ? new Date(value) : value];
    }),
  );
}

/** Does (or, dry, describes) one action; returns its output for the run log. */
export async function perform(ctx: ActionContext): Promise<Record<string, unknown>> {
  const { scope, action, definition } = ctx;
  const em = scope.em;
  const actor = { organizationId: scope.organizationId, userId: null, now: scope.now };
  const spec = SUBJECTS[definition.subjectType];
  switch (action.type) {
    case AutomationActionType.CREATE_TASK: {
      const field = SUBJECT_FIELDS[definition.subjectType];
      if (!field) throw new ActionError(`CREATE_TASK needs a lead, contact, account or opportunity, not a ${definition.subjectType}`);
      const subject = (await render(ctx, 'subject')).trim().slice(0, 300) || definition.name;
      const body = await render(ctx, 'body');
      const ownerId = await oneMember(ctx);
      const dueInHours = Number(action.dueInHours ?? 0);
      const dueAt = action.dueInHours == null ? null : new Date(scope.now.getTime() + dueInHours * 3_600_000);
      if (ctx.dry) return { wouldCreate: { type: 'TASK', subject, body, ownerId, dueAt } };
      const activity = await createActivity(em, actor, { type: ActivityType.TASK, subject, body, dueAt, ownerId, [field]: ctx.record.id } as never);
      return { activityId: activity.id, subject, ownerId, dueAt };
    }
    case AutomationActionType.UPDATE_FIELDS: {
      if (!spec.update) throw new ActionError(`UPDATE_FIELDS is not available for ${definition.subjectType}`);
      const values = revive(em, definition.subjectType, (action.values ?? {}) as Record<string, unknown>);
      if (ctx.dry) return { wouldUpdate: action.values };
      await spec.update(em, actor, { ...values, id: ctx.record.id });
      return { updated: action.values };
    }
    case AutomationActionType.ASSIGN_OWNER: {
      if (!spec.update || !spec.owner) throw new ActionError(`ASSIGN_OWNER is not available for ${definition.subjectType}`);
      const ownerId = await oneMember(ctx);
      if (!ownerId) throw new ActionError('ASSIGN_OWNER found nobody to assign');
      if (ctx.dry) return { wouldAssign: ownerId };
      await spec.update(em, actor, { id: ctx.record.id, ownerId });
      return { ownerId };
    }
    case AutomationActionType.NOTIFY: {
      const title = (await render(ctx, 'title')).trim().slice(0, 300) || definition.name;
      const body = await render(ctx, 'body');
      const userIds = await members(ctx);
      if (ctx.dry) return { wouldNotify: userIds, title, body };
      await sendNotifications(
        em,
        scope.now,
        userIds.map((userId) => ({
          organizationId: scope.organizationId,
          userId,
          kind: action.kind === 'reminder' ? NotificationKind.REMINDER : NotificationKind.AUTOMATION,
          title,
          body,
          subjectType: definition.subjectType,
          subjectId: ctx.record.id,
          runId: ctx.run.id,
        })),
      );
      return { notified: userIds, title };
    }
    case AutomationActionType.SEND_EMAIL: {
      const to = recipientOf(action);
      let addresses: string[];
      if (to.kind === AssigneeKind.RECORD) {
        const email = str(ctx.record.email);
        if (!email) throw new ActionError(`The ${definition.subjectType} has no e-mail address`);
        addresses = [email];
      } else {
        const ids = await members(ctx);
        const users = ids.length ? await em.find(User, { id: { $in: ids } } as never, { filters: false }) : [];
        addresses = users.map((u) => u.email).filter(Boolean);
      }
      const subject = (await render(ctx, 'subject')).trim() || definition.name;
      const text = await render(ctx, 'body');
      if (ctx.dry) return { wouldEmail: addresses, subject, text };
      if (addresses.length === 0) return { emailed: [], subject };
      const mailer = mailerFor(scope.config);
      if (!mailer) throw new ActionError('E-mail is not configured on this server (SMTP_URL)');
      for (const address of addresses) await mailer.send({ to: address, subject, text });
      return { emailed: addresses, subject };
    }
    case AutomationActionType.ADD_TO_CAMPAIGN: {
      // Imported when needed: context.js imports every module, this one included.
      const { loadFeatures } = await import('../../context.js');
      if (!(await loadFeatures(em, scope.organizationId)).has('automation.campaigns'))
        throw new ActionError('ADD_TO_CAMPAIGN needs the feature automation.campaigns on your plan');
      if (ctx.dry) return { wouldAdd: { campaignId: action.campaignId, subjectId: ctx.record.id } };
      const recipientId = await addRecipient(em, scope.organizationId, String(action.campaignId), definition.subjectType, ctx.record.id);
      return { campaignId: action.campaignId, recipientId };
    }
    case AutomationActionType.WAIT: {
      const resumeAt = new Date(scope.now.getTime() + Number(action.minutes) * 60_000);
      return { resumeAt };
    }
    case AutomationActionType.STOP_IF: {
      const matched = await holds(
        em,
        definition.subjectType,
        ctx.record.id,
        (action.condition ?? null) as Record<string, unknown> | null,
        todayOf(scope.now),
      );
      return { matched };
    }
    default:
      throw new ActionError(`Unknown action type ${String(action.type)}`);
  }
}

/** The record a run is about, as it is now, or null when it is gone. */
export async function recordOf(
  em: EntityManager,
  subject: AutomationSubject,
  id: string,
): Promise<(Record<string, unknown> & { id: string }) | null> {
  const record = await em.findOne(SUBJECTS[subject].entity, { id } as never);
  return record ? ({ ...templateRecord(record), id } as Record<string, unknown> & { id: string }) : null;
}

async function skipRest(em: EntityManager, run: AutomationRun, after: number) {
  await em.nativeUpdate(
    AutomationActionRun,
    { run: run.id, position: { $gt: after }, status: AutomationActionStatus.PENDING } as never,
    {
      status: AutomationActionStatus.SKIPPED,
    } as never,
  );
}

/**
 * The action task: runs one pending action of a run (its row locked), records its result in the same
 * transaction as its effects (so a retried job finds it done and does nothing), then asks for the
 * next action (after a WAIT, at its time) or ends the run.
 */
export async function runActionTask(scope: JobScope, data: Record<string, unknown>): Promise<void> {
  const { em } = scope;
  const id = String(data.actionRunId ?? '');
  const action = await em.findOne(AutomationActionRun, { id } as never, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!action || action.status !== AutomationActionStatus.PENDING) return;
  const run = await em.findOneOrFail(AutomationRun, { id: action.run.id } as never, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (run.status !== AutomationRunStatus.RUNNING && run.status !== AutomationRunStatus.WAITING) return;
  const started = await em.count(AutomationActionRun, { startedAt: { $gt: new Date(scope.now.getTime() - 60_000) } } as never);
  if (started >= ACTIONS_PER_MINUTE) {
    action.error = `Waiting: the organization's limit of ${ACTIONS_PER_MINUTE} actions a minute was reached`;
    await em.flush();
    await requestTask(em, scope.organizationId, ACTION_TASK, { actionRunId: action.id }, { runAfter: new Date(scope.now.getTime() + 30_000) });
    return;
  }
  const { definition } = await versionOf(em, run);
  const step = definition.actions[action.position];
  run.status = AutomationRunStatus.RUNNING;
  action.attempts += 1;
  action.startedAt = scope.now;
  const clock = Date.now();
  const finish = (status: AutomationRunStatus, reason: string | null) => {
    run.status = status;
    run.reason = reason;
    run.finishedAt = scope.now;
  };
  try {
    const record = await recordOf(em, definition.subjectType, run.subjectId);
    if (!record) throw new ActionError(`The ${definition.subjectType} ${run.subjectId} no longer exists`);
    const variables = { record, rule: { name: definition.name }, event: { type: run.eventType } };
    // A savepoint: a failed action leaves none of its writes behind, and its failure is still recorded.
    const output = await em.transactional((tx) =>
      perform({
        scope: { ...scope, em: tx as EntityManager },
        run,
        definition,
        action: step,
        position: action.position,
        record,
        variables,
        dry: false,
      }),
    );
    action.status = AutomationActionStatus.SUCCEEDED;
    action.output = output;
    action.error = null;
    const last = action.position === definition.actions.length - 1;
    if (step.type === AutomationActionType.STOP_IF && output.matched !== true) {
      finish(AutomationRunStatus.STOPPED, `Stopped at action ${action.position}: the record does not match its condition`);
      await skipRest(em, run, action.position);
    } else if (last) {
      finish(AutomationRunStatus.SUCCEEDED, null);
    } else {
      const next = await em.findOneOrFail(AutomationActionRun, { run: run.id, position: action.position + 1 } as never);
      const resumeAt = step.type === AutomationActionType.WAIT ? new Date(String(output.resumeAt)) : null;
      if (resumeAt) run.status = AutomationRunStatus.WAITING;
      await requestTask(em, scope.organizationId, ACTION_TASK, { actionRunId: next.id }, { runAfter: resumeAt });
    }
  } catch (error) {
    action.error = messageOf(error);
    if (isClientError(error) || action.attempts > RETRY_DELAYS_SECONDS.length) {
      action.status = AutomationActionStatus.FAILED;
      finish(AutomationRunStatus.FAILED, `Action ${action.position} (${step.type}) failed: ${action.error}`);
      await skipRest(em, run, action.position);
    } else {
      scope.log.warn({ err: error, automation: { runId: run.id, position: action.position } }, 'automation action failed; retrying');
      const delay = RETRY_DELAYS_SECONDS[action.attempts - 1] * 1000;
      await requestTask(em, scope.organizationId, ACTION_TASK, { actionRunId: action.id }, { runAfter: new Date(scope.now.getTime() + delay) });
    }
  } finally {
    action.finishedAt = scope.now;
    action.durationMs = Date.now() - clock;
  }
  await em.flush();
}
