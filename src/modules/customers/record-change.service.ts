import type { EntityManager } from '@mikro-orm/sql';
import { emitEvent } from '../events/emit.js';
import { EventType } from '../events/event-types.js';
import { RecordChange } from './activity.entity.js';
import type { Actor } from './record-input.js';
import { ChangeAction, SubjectType } from './customers-enums.js';

const SUBJECT_TYPE_NAMES: Record<SubjectType, string> = {
  [SubjectType.LEAD]: 'Lead',
  [SubjectType.CONTACT]: 'Contact',
  [SubjectType.ACCOUNT]: 'Account',
  [SubjectType.OPPORTUNITY]: 'Opportunity',
};

type Comparable = string | number | boolean | null | undefined | Date | string[] | { id: string } | { amount: number; currency: string };

const plain = (value: Comparable): unknown => {
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object' && 'id' in value) return value.id;
  if (value && typeof value === 'object' && 'amount' in value) return { amount: value.amount, currency: value.currency };
  return value ?? null;
};

/** Reads the given fields of a record as plain JSON values (relations as IDs), to diff before and after a change. */
export function snapshot<T extends object>(record: T, fields: (keyof T)[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f, plain(record[f] as Comparable)]));
}

/** `{ field: { from, to } }` for every field that differs. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = { from: before[key], to: after[key] };
  }
  return changes;
}

/** Appends a change to a record's timeline (persisted with the caller's flush). */
export function recordChange(
  em: EntityManager,
  actor: Actor,
  subject: { type: SubjectType; id: string },
  action: ChangeAction,
  changes: Record<string, unknown> = {},
): RecordChange {
  // The timeline's conversions and stage moves are domain events too (created/updated/deleted come
  // from the flush itself, modules/events/emit.ts): described once, here.
  const type =
    action === ChangeAction.CONVERTED ? EventType.LEAD_CONVERTED : action === ChangeAction.STAGE_CHANGED ? EventType.OPPORTUNITY_STAGE_CHANGED : null;
  if (type) {
    const { status, stage, ...data } = changes as Record<string, unknown>;
    const changed = Object.fromEntries(Object.entries({ status, stage }).filter(([, v]) => v !== undefined)) as Record<
      string,
      { from: unknown; to: unknown }
    >;
    emitEvent(em, {
      organizationId: actor.organizationId,
      type,
      subject: { type: SUBJECT_TYPE_NAMES[subject.type], id: subject.id },
      changes: changed,
      data,
    });
  }
  return em.create(RecordChange, {
    organization: actor.organizationId,
    subjectType: subject.type,
    subjectId: subject.id,
    action,
    changes,
    at: actor.now,
    actor: actor.userId,
  });
}
