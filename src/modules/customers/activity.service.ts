import type { EntityManager } from '@mikro-orm/sql';
import { InputCheck } from '../../shared/input-check.js';
import { inTransaction } from '../../shared/transaction.js';
import { UserErrorCode } from '../../shared/user-error.js';
import { Account } from './account.entity.js';
import { Activity } from './activity.entity.js';
import { Contact } from './contact.entity.js';
import { findRecord } from '../../shared/find-record.js';
import type { CompleteActivityInput, CreateActivityInput, UpdateActivityInput } from './dto/pipeline-inputs.dto.js';
import { Lead } from './lead.entity.js';
import { Opportunity } from './opportunity.entity.js';
import { type Actor, checkExists, checkOwner, optionalId, optionalText } from './record-input.js';

const SUBJECTS = [
  { field: 'leadId', property: 'lead', entity: Lead, label: 'lead' },
  { field: 'contactId', property: 'contact', entity: Contact, label: 'contact' },
  { field: 'accountId', property: 'account', entity: Account, label: 'account' },
  { field: 'opportunityId', property: 'opportunity', entity: Opportunity, label: 'opportunity' },
] as const;

export const findActivity = (em: EntityManager, id: string) => findRecord(em, Activity, 'Activity', id, { includeDeleted: true });

export function createActivity(em: EntityManager, actor: Actor, input: CreateActivityInput): Promise<Activity> {
  return inTransaction(em, async (tx) => {
    const check = new InputCheck();
    check.text('subject', input.subject, { max: 300 });
    const body = optionalText(check, 'body', input.body, 100_000);
    const given = SUBJECTS.filter((s) => input[s.field] != null);
    if (given.length !== 1) check.fail(null as never, UserErrorCode.INVALID, 'Name exactly one of leadId, contactId, accountId, opportunityId');
    for (const s of given) {
      const id = optionalId(check, s.field, input[s.field]);
      await checkExists(tx, check, s.field, s.entity as never, id, s.label);
    }
    const ownerId = optionalId(check, 'ownerId', input.ownerId);
    await checkOwner(tx, check, 'ownerId', ownerId);
    check.done();
    const subject = given[0];
    const activity = tx.create(Activity, {
      organization: actor.organizationId,
      type: input.type,
      subject: input.subject.trim(),
      body: body ?? '',
      dueAt: input.dueAt ?? null,
      completedAt: input.completedAt ?? null,
      owner: ownerId === undefined ? actor.userId : ownerId,
      createdBy: actor.userId,
      createdAt: actor.now,
      [subject.property]: input[subject.field]!.toLowerCase(),
    } as never);
    await tx.flush();
    return activity;
  });
}

export function updateActivity(em: EntityManager, input: UpdateActivityInput): Promise<Activity> {
  return inTransaction(em, async (tx) => {
    const activity = await findActivity(tx, input.id);
    const check = new InputCheck();
    if (input.subject !== undefined) check.text('subject', input.subject, { max: 300 });
    const ownerId = optionalId(check, 'ownerId', input.ownerId);
    await checkOwner(tx, check, 'ownerId', ownerId);
    const body = optionalText(check, 'body', input.body, 100_000);
    check.done();
    if (input.subject != null) activity.subject = input.subject.trim();
    if (body !== undefined) activity.body = body ?? '';
    if (input.dueAt !== undefined) activity.dueAt = input.dueAt;
    if (ownerId !== undefined) activity.owner = ownerId as never;
    await tx.flush();
    return activity;
  });
}

export function completeActivity(em: EntityManager, actor: Actor, input: CompleteActivityInput): Promise<Activity> {
  return inTransaction(em, async (tx) => {
    const activity = await findActivity(tx, input.id);
    activity.completedAt = input.completed ? (activity.completedAt ?? actor.now) : null;
    await tx.flush();
    return activity;
  });
}

export function deleteActivity(em: EntityManager, id: string): Promise<Activity> {
  return inTransaction(em, async (tx) => {
    const activity = await findActivity(tx, id);
    tx.remove(activity);
    await tx.flush();
    return activity;
  });
}
