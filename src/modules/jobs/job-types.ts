import type { EntityManager } from '@mikro-orm/sql';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.js';
import type { DomainEvent } from '../events/domain-event.entity.js';

/** What a job's work sees: an EntityManager in one short transaction scoped to one organization (row-level security on). */
export type JobScope = {
  em: EntityManager;
  organizationId: string;
  /** The app clock's time when the job started (tests move it; nothing sleeps). */
  now: Date;
  log: FastifyBaseLogger;
  config: Config;
};

/**
 * Work done after a domain event, once per event (idempotent: a receipt keyed by event and handler
 * commits with the effects). Declared by a module in its `index.ts` (`handlers`).
 */
export type EventHandler = {
  /** Unique, stable: names the queue (`event.<key>`) and the receipts. */
  key: string;
  description: string;
  /** The event types it handles. */
  events: readonly string[];
  run(scope: JobScope, event: DomainEvent): Promise<void>;
};

/**
 * Periodic work per organization, on a UTC cron from the configuration. A system job fans out one
 * organization-scoped job per organization (with `feature` on its plan when set). Declared in a module's `index.ts` (`schedules`).
 */
export type Schedule = {
  /** Unique, stable: names the queues (`schedule.<key>`, `scheduled.<key>`). */
  key: string;
  description: string;
  cron(config: Config): string;
  /** Only organizations whose plan has this feature. */
  feature?: string;
  /**
   * Only these organizations (read by the system job as the owner, IDs only): for a frequent
   * schedule with work in few organizations (automation rules coming due), instead of one job per organization.
   */
  organizations?(em: EntityManager, now: Date): Promise<string[]>;
  run(scope: JobScope): Promise<void>;
};

/**
 * Work a module asks for from inside a tenant transaction (`requestTask`), run by the job workers
 * as the organization, retried with backoff, dead-lettered into failedJobs. Not idempotent by
 * itself: a task that must not repeat an effect keeps its own record of what it did (the
 * automation engine's action runs). Declared by a module in its `index.ts` (`tasks`).
 */
export type TaskDefinition = {
  /** Unique, stable: names the queue (`task.<key>`). */
  key: string;
  description: string;
  run(scope: JobScope, data: Record<string, unknown>): Promise<void>;
};
