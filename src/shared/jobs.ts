import type { EntityManager } from '@mikro-orm/sql';
import type { AppServices } from '../context.js';

/**
 * Contracts between modules and the job runtime (src/jobs/): a module declares its jobs, schedules
 * and event handlers in its index.ts; the runtime (in-process with `npm start`, or `npm run worker`)
 * registers them with pg-boss and runs them.
 */

/** A committed domain event as handlers receive it (the row of `domain_events`). */
export type DomainEventRecord = {
  id: string;
  organizationId: string;
  type: string;
  subjectType: string;
  subjectId: string;
  /** `{ field: { from, to } }` for the fields that changed. */
  changes: Record<string, { from: unknown; to: unknown }>;
  /** Type-specific details (the catalogue documents them per type). */
  data: Record<string, unknown>;
  actorKind: 'USER' | 'API_KEY' | 'SYSTEM';
  actorId: string | null;
  causationId: string | null;
  depth: number;
  occurredAt: Date;
};

export type EnqueueOptions = {
  /** Deduplication key: a second job with the same name and key is not created while the first exists. */
  key?: string;
  /** Do not start before this time. */
  startAfter?: Date;
};

/** Sends a job in the caller's transaction: it exists iff that transaction commits. Tenant jobs carry `organizationId`. */
export type Enqueue = (name: string, data: Record<string, unknown> & { organizationId?: string }, options?: EnqueueOptions) => Promise<void>;

export type JobContext = {
  /**
   * The job's EntityManager, inside the job's (short) transaction: as the restricted role with the
   * organization's row-level-security context for tenant jobs, as the owner for system jobs.
   */
  em: EntityManager;
  /** The organization of a tenant job; null for a system job. */
  organizationId: string | null;
  services: AppServices;
  /** The app's clock (injectable in tests). */
  now: Date;
  jobId: string;
  /** Sends another job in this job's transaction. */
  enqueue: Enqueue;
};

export type JobDefinition<T extends Record<string, unknown> = Record<string, unknown>> = {
  /** Queue name, `<module>.<job>` (e.g. `orders.mark-overdue`). */
  name: string;
  description: string;
  /** A system job runs as the database owner across organizations (schedules that fan out); every other job needs `organizationId` in its data. */
  system?: boolean;
  retryLimit?: number;
  retryDelaySeconds?: number;
  expireInSeconds?: number;
  run(ctx: JobContext, data: T): Promise<void>;
};

export type ScheduleDefinition = {
  /** Also the settings key: `SCHEDULE_<NAME>` (upper case, `-` and `.` as `_`) overrides the cron, `off` disables it. */
  name: string;
  description: string;
  /** Five-field cron in UTC. */
  cron: string;
  /** The (system) job it sends. */
  job: string;
};

export type EventHandlerDefinition = {
  /** Unique name; with the event id it is the idempotency key of the handling. */
  name: string;
  description: string;
  /** Event types it handles (`EventType` values), or `all`. */
  types: readonly string[] | 'all';
  /** Runs as a tenant job of the event's organization, with the event as causation of what it writes. */
  handle(ctx: JobContext, event: DomainEventRecord): Promise<void>;
};

/** What a module contributes to the job runtime (optional fields of FeatureModule). */
export type JobContributions = {
  jobs?: readonly JobDefinition<any>[];
  schedules?: readonly ScheduleDefinition[];
  eventHandlers?: readonly EventHandlerDefinition[];
};

export type { EntityManager };
