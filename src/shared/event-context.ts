import { AsyncLocalStorage } from 'node:async_hooks';

/** Who caused a change: a signed-in user, an API key (integrations issue) or the system (jobs, schedules). */
export type EventActor = { kind: 'USER' | 'API_KEY' | 'SYSTEM'; id: string | null };

/**
 * What every domain event written in this async scope records about its origin: the actor, and
 * (for writes made by an event handler or rule) the event that caused it and its depth in the chain.
 */
export type EventContext = { actor: EventActor; causationId: string | null; depth: number };

const storage = new AsyncLocalStorage<EventContext>();

/** The system with no cause: what events record outside any request or job. */
export const SYSTEM_EVENT_CONTEXT: EventContext = { actor: { kind: 'SYSTEM', id: null }, causationId: null, depth: 0 };

/** Runs `work` with `context` as the origin of every event it writes (requests set the user, jobs the system and the causing event). */
export function runWithEventContext<T>(context: EventContext, work: () => T): T {
  return storage.run(context, work);
}

/** The origin of events written now. */
export function currentEventContext(): EventContext {
  return storage.getStore() ?? SYSTEM_EVENT_CONTEXT;
}
