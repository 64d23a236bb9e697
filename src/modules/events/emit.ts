import type { EntityManager } from '@mikro-orm/sql';
import type { EventType } from './event-types.js';

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
 * Adds a domain event to `em`'s unit of work: written by the caller's flush, in the caller's
 * transaction, so it exists iff the change commits. Actor and causation come from the event context
 * (shared/event-context.ts). CONTRACT STUB: the events module replaces this body.
 */
export function emitEvent(_em: EntityManager, _input: EmitEventInput): void {}
