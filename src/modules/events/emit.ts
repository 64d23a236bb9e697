import { ChangeSetType, type EventSubscriber, type FlushEventArgs } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { USER_SETTING } from '../../db/tenancy.js';
import { Organization } from '../core/organization.entity.js';
import { currentEventContext, type EventContext, SYSTEM_EVENT_CONTEXT } from '../../shared/event-context.js';
import { DomainEvent } from './domain-event.entity.js';
import { EventActorKind, EventType, RECORD_TYPES } from './event-types.js';

export type EmitEventInput = {
  organizationId: string;
  type: EventType;
  /** The record the event is about: its GraphQL type name (`Invoice`, `ProductVariant`, …) and id. */
  subject: { type: string; id: string };
  /** `{ field: { from, to } }` for the fields that changed. */
  changes?: Record<string, { from: unknown; to: unknown }>;
  /** Type-specific details. */
  data?: Record<string, unknown>;
};

/**
 * Where events written through `em` come from: a job's event context when one is set (the system,
 * and the event it handles), else the user the EntityManager's session acts for (requests), else the system.
 */
function originOf(em: EntityManager): EventContext {
  const context = currentEventContext();
  if (context !== SYSTEM_EVENT_CONTEXT) return context;
  const user = em.getSessionContext()?.variables?.[USER_SETTING];
  return typeof user === 'string' && user !== '' ? { actor: { kind: 'USER', id: user }, causationId: null, depth: 0 } : SYSTEM_EVENT_CONTEXT;
}

function build(em: EntityManager, input: EmitEventInput, at: Date): DomainEvent {
  const origin = originOf(em);
  const event = new DomainEvent();
  Object.assign(event, {
    organization: em.getReference(Organization, input.organizationId),
    type: input.type,
    subjectType: input.subject.type,
    subjectId: input.subject.id,
    changes: input.changes ?? {},
    data: input.data ?? {},
    actorKind: EventActorKind[origin.actor.kind],
    actorId: origin.actor.id,
    causationId: origin.causationId,
    depth: origin.depth,
    occurredAt: at,
  });
  return event;
}

/**
 * Adds a domain event to `em`'s unit of work: written by the caller's flush, in the caller's
 * transaction, so it exists iff the change commits. Actor and causation come from the event context
 * (shared/event-context.ts) or the request's user.
 */
export function emitEvent(em: EntityManager, input: EmitEventInput): DomainEvent {
  const event = build(em, input, new Date());
  em.persist(event);
  return event;
}

/**
 * Writes a domain event now, in `em`'s transaction (for write paths that change rows by SQL rather
 * than through the unit of work, like stock movements: nothing may depend on a later flush).
 */
export async function writeEvent(em: EntityManager, input: EmitEventInput): Promise<DomainEvent> {
  const event = build(em, input, new Date());
  await em.insert(event);
  return event;
}

const IGNORED_FIELDS = new Set(['updatedAt', 'createdAt']);

type Changes = Record<string, { from: unknown; to: unknown }>;

/** A status that changed to one of `to` (the `status` change of an update). */
const statusTo = (changes: Changes, ...to: string[]): boolean => changes.status !== undefined && to.includes(String(changes.status.to));

/**
 * The domain events a record change means beyond `<record>.<action>`, by entity: derived here from
 * the same change sets, so every write path through the ORM emits them. Lead conversions and
 * opportunity stage moves come from the record timeline (record-change.service.ts), which knows more.
 */
const DERIVED: Record<string, (action: 'created' | 'updated' | 'deleted', changes: Changes) => string[]> = {
  SalesOrder: (action, changes) =>
    action !== 'updated'
      ? []
      : [
          ...(statusTo(changes, 'confirmed') ? [EventType.ORDER_CONFIRMED] : []),
          ...(statusTo(changes, 'fulfilled') ? [EventType.ORDER_FULFILLED] : []),
          ...(statusTo(changes, 'cancelled') ? [EventType.ORDER_CANCELLED] : []),
        ],
  Shipment: (action) => (action === 'created' ? [EventType.SHIPMENT_CREATED] : []),
  Invoice: (action, changes) =>
    action === 'deleted'
      ? []
      : [
          ...(statusTo(changes, 'issued') && changes.status.from === 'draft' ? [EventType.INVOICE_ISSUED] : []),
          ...(statusTo(changes, 'paid') ? [EventType.INVOICE_PAID] : []),
        ],
  Payment: (action) => (action === 'created' ? [EventType.PAYMENT_RECORDED] : []),
  ProductVariant: (action, changes) =>
    action === 'updated' && Object.keys(changes).some((field) => field.startsWith('listPrice')) ? [EventType.PRODUCT_PRICE_CHANGED] : [],
};

const plain = (value: unknown): unknown => {
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object' && 'id' in value) return (value as { id: unknown }).id;
  return value ?? null;
};

/**
 * Writes `<record>.created/updated/deleted` for every record type (RECORD_TYPES) in the flush that
 * changes it, so no write path through the ORM can forget its event: the rows join the same flush,
 * hence the same transaction. A soft delete (deletedAt set) is `deleted`; a restore is `updated`.
 */
export class DomainEventSubscriber implements EventSubscriber {
  onFlush({ em, uow }: FlushEventArgs): void {
    const at = new Date();
    for (const changeSet of uow.getChangeSets()) {
      const record = RECORD_TYPES[changeSet.meta.className as keyof typeof RECORD_TYPES];
      if (!record) continue;
      const entity = changeSet.entity as { id: string; organization?: { id: string } };
      const organizationId = entity.organization?.id;
      if (!organizationId) continue;
      let action: 'created' | 'updated' | 'deleted';
      let changes: Record<string, { from: unknown; to: unknown }> = {};
      if (changeSet.type === ChangeSetType.CREATE) action = 'created';
      else if (changeSet.type === ChangeSetType.DELETE || changeSet.type === ChangeSetType.DELETE_EARLY) action = 'deleted';
      else if (changeSet.type === ChangeSetType.UPDATE) {
        const before = (changeSet.originalEntity ?? {}) as Record<string, unknown>;
        for (const [field, to] of Object.entries(changeSet.payload as Record<string, unknown>)) {
          if (IGNORED_FIELDS.has(field)) continue;
          changes[field] = { from: plain(before[field]), to: plain(to) };
        }
        if (Object.keys(changes).length === 0) continue;
        action = changes.deletedAt && changes.deletedAt.from === null && changes.deletedAt.to !== null ? 'deleted' : 'updated';
      } else continue;
      if (action !== 'updated') changes = {};
      const types = [`${record.prefix}.${action}`, ...(DERIVED[changeSet.meta.className]?.(action, changes) ?? [])];
      for (const type of types) {
        const event = build(em as EntityManager, { organizationId, type, subject: { type: record.type, id: entity.id }, changes }, at);
        uow.computeChangeSet(event);
      }
    }
  }
}
