import type { EntityManager } from '@mikro-orm/sql';
import { fromKysely, fromPglite, type Job, type JobInsert, type JobWithMetadata, PgBoss } from 'pg-boss';
import type { AppServices } from '../../context.js';
import { loadFeatures } from '../../context.js';
import { scopeToOrganization } from '../../db/tenancy.js';
import { runWithEventContext } from '../../shared/event-context.js';
import { isUuid } from '../../shared/ids.js';
import { DomainEvent } from '../events/domain-event.entity.js';
import type { EventHandler, JobScope, Schedule, TaskDefinition } from './job-types.js';

/** pg-boss's own schema in the app's database (installed and migrated by pg-boss at start). */
export const JOB_SCHEMA = 'pgboss';
const DEAD_LETTERS = 'dead-letters';
const RELAY_BATCH = 500;
const WORK_BATCH = 2;

/** What every organization-scoped job carries: the organization is in the payload, never guessed. */
type OrgJobData = { organizationId: string };
type EventJobData = OrgJobData & { eventId: string; type: string; depth: number };
type ScheduledJobData = OrgJobData & { at: string };
type TaskJobData = OrgJobData & { data: Record<string, unknown>; causationId: string | null; depth: number };

type JobResult = { id: string; status: 'completed' | 'failed'; output?: object };

export type JobRuntimeOptions = {
  handlers: readonly EventHandler[];
  schedules: readonly Schedule[];
  tasks?: readonly TaskDefinition[];
  /** The embedded database (PGlite): pg-boss shares its one connection. */
  pglite?: unknown;
};

const errorOutput = (error: unknown) => ({ message: error instanceof Error ? error.message : String(error) });

/**
 * The job backbone on pg-boss: a dispatcher moving committed domain events (the outbox) and retry
 * requests into queues, organization-scoped workers for event handlers and schedules, dead letters
 * recorded as the organization's `failed_jobs`.
 *
 * The request role never touches pg-boss's schema: requests only write tenant rows (events, retry
 * requests) under row-level security, and the dispatcher, running as the owner, enqueues them in the
 * same transaction that marks them dispatched (`fromKysely` on that transaction). So no grant lets a
 * tenant request read or write another organization's jobs, and nothing is enqueued for a change that
 * rolled back.
 */
export class JobRuntime {
  readonly boss: PgBoss;
  private relayTimer: NodeJS.Timeout | null = null;
  private relaying: Promise<unknown> = Promise.resolve();
  private working = false;
  private stopped = false;
  private readonly handlers: ReadonlyMap<string, EventHandler>;
  private readonly schedules: ReadonlyMap<string, Schedule>;
  private readonly tasks: ReadonlyMap<string, TaskDefinition>;
  private readonly byEventType = new Map<string, EventHandler[]>();

  constructor(
    private readonly services: AppServices,
    options: JobRuntimeOptions,
  ) {
    const { config } = services;
    this.handlers = new Map(options.handlers.map((h) => [h.key, h]));
    this.schedules = new Map(options.schedules.map((s) => [s.key, s]));
    if (this.handlers.size !== options.handlers.length) throw new Error('Two event handlers share a key');
    if (this.schedules.size !== options.schedules.length) throw new Error('Two schedules share a key');
    this.tasks = new Map((options.tasks ?? []).map((t) => [t.key, t]));
    if (this.tasks.size !== (options.tasks ?? []).length) throw new Error('Two tasks share a key');
    for (const handler of options.handlers) {
      for (const type of handler.events) this.byEventType.set(type, [...(this.byEventType.get(type) ?? []), handler]);
    }
    const common = {
      schema: JOB_SCHEMA,
      useListenNotify: true,
      persistWarnings: false,
      superviseIntervalSeconds: config.jobs.superviseSeconds,
      monitorIntervalSeconds: config.jobs.superviseSeconds,
    } as const;
    this.boss = options.pglite
      ? new PgBoss({ ...common, db: fromPglite(options.pglite as Parameters<typeof fromPglite>[0]), backend: 'pglite' })
      : new PgBoss({
          ...common,
          connectionString: config.databaseUrl,
          max: Math.max(2, config.jobs.concurrency),
          application_name: 'simplycrm-jobs',
        });
    this.boss.on('error', (error) => services.log.error({ err: error }, 'job queue error'));
  }

  /** Installs (or migrates) pg-boss's schema and creates the queues; with `work`, also runs the dispatcher, workers and schedules. */
  async start({ work }: { work: boolean }): Promise<this> {
    await this.boss.start();
    const { jobs } = this.services.config;
    const retry = { retryLimit: jobs.retryLimit, retryDelay: jobs.retryDelaySeconds, retryBackoff: true, expireInSeconds: jobs.expireSeconds };
    await this.ensureQueue(DEAD_LETTERS, { retryLimit: 10, retryDelay: 5, retryBackoff: true });
    for (const queue of this.orgQueues()) await this.ensureQueue(queue, { ...retry, deadLetter: DEAD_LETTERS, notify: true });
    for (const schedule of this.schedules.values()) await this.ensureQueue(`schedule.${schedule.key}`, retry);
    if (!work) return this;
    this.working = true;
    const fair = {
      batchSize: WORK_BATCH,
      burstWhenBatchFull: true,
      localConcurrency: jobs.concurrency,
      pollingIntervalSeconds: 0.5,
      // New jobs wake workers by NOTIFY; retries coming due do not, so the backstop poll stays short.
      notifyPollingIntervalSeconds: 1,
      includeMetadata: true,
      perJobResults: true,
    } as const;
    for (const handler of this.handlers.values()) {
      await this.boss.work<EventJobData>(`event.${handler.key}`, fair, (batch) => this.settle(batch, (job) => this.runEventJob(handler, job.data)));
    }
    for (const task of this.tasks.values()) {
      await this.boss.work<TaskJobData>(`task.${task.key}`, fair, (batch) => this.settle(batch, (job) => this.runTaskJob(task, job.data)));
    }
    for (const schedule of this.schedules.values()) {
      await this.boss.work(`schedule.${schedule.key}`, { pollingIntervalSeconds: 1 }, () => this.fanOut(schedule));
      await this.boss.work<ScheduledJobData>(`scheduled.${schedule.key}`, fair, (batch) =>
        this.settle(batch, (job) => this.runScheduledJob(schedule, job.data)),
      );
      await this.boss.schedule(`schedule.${schedule.key}`, schedule.cron(this.services.config), {}, { tz: 'UTC' });
    }
    await this.boss.work<OrgJobData>(DEAD_LETTERS, { pollingIntervalSeconds: 1, batchSize: WORK_BATCH, includeMetadata: true }, (batch) =>
      this.recordDeadLetters(batch as JobWithMetadata<OrgJobData>[]),
    );
    this.scheduleRelay(0);
    return this;
  }

  /** Stops taking jobs, lets jobs in flight finish (up to `timeoutMs`; unfinished ones are retried after they expire), then closes. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.relayTimer) clearTimeout(this.relayTimer);
    await this.relaying;
    await this.boss.stop({ graceful: true, timeout: timeoutMs, close: true });
  }

  private orgQueues(): string[] {
    return [
      ...[...this.handlers.keys()].map((k) => `event.${k}`),
      ...[...this.schedules.keys()].map((k) => `scheduled.${k}`),
      ...[...this.tasks.keys()].map((k) => `task.${k}`),
    ];
  }

  private async ensureQueue(name: string, options: Parameters<PgBoss['createQueue']>[1]): Promise<void> {
    if (await this.boss.getQueue(name)) await this.boss.updateQueue(name, options);
    else await this.boss.createQueue(name, options);
  }

  private scheduleRelay(delay: number): void {
    if (this.stopped) return;
    this.relayTimer = setTimeout(() => {
      this.relaying = this.dispatch()
        .then((moved) => this.scheduleRelay(moved >= RELAY_BATCH ? 0 : this.services.config.jobs.relayIntervalMs))
        .catch((error) => {
          this.services.log.error({ err: error }, 'event dispatcher failed; trying again');
          this.scheduleRelay(this.services.config.jobs.relayIntervalMs * 4);
        });
    }, delay);
    this.relayTimer.unref();
  }

  /**
   * One dispatcher pass, as the owner (a declared system job): takes undispatched events (skipping
   * rows another dispatcher holds), queues one job per handler of each, and marks them dispatched, all
   * in one transaction; then queues retry requests the same way. Returns how many events it moved.
   */
  async dispatch(): Promise<number> {
    const em = this.services.orm.em.fork();
    const moved = await em.transactional(async (tx) => {
      const rows = await tx.execute<{ id: string; organization_id: string; type: string; depth: number }[]>(
        `select id, organization_id, type, depth from domain_events where dispatched_at is null order by id limit ${RELAY_BATCH} for update skip locked`,
      );
      if (rows.length === 0) return 0;
      const byQueue = new Map<string, { organizationId: string; data: EventJobData }[]>();
      for (const row of rows) {
        for (const handler of this.byEventType.get(row.type) ?? []) {
          const list = byQueue.get(`event.${handler.key}`) ?? [];
          list.push({
            organizationId: row.organization_id,
            data: { organizationId: row.organization_id, eventId: row.id, type: row.type, depth: row.depth },
          });
          byQueue.set(`event.${handler.key}`, list);
        }
      }
      const db = fromKysely(tx.getTransactionContext() as Parameters<typeof fromKysely>[0]);
      for (const [queue, jobs] of byQueue) await this.boss.insert(queue, await this.fairly(tx, queue, jobs), { db });
      await tx.execute(
        `update domain_events set dispatched_at = now() where id in (${rows.map(() => '?').join(', ')})`,
        rows.map((r) => r.id),
      );
      return rows.length;
    });
    const requested = await em.transactional(async (tx) => {
      // Task requests (the task outbox): moved into their queues and deleted in one transaction.
      const rows = await tx.execute<
        {
          id: string;
          organization_id: string;
          task: string;
          data: Record<string, unknown>;
          run_after: Date | null;
          causation_id: string | null;
          depth: number;
        }[]
      >(
        `delete from job_requests where id in (select id from job_requests order by created_at limit ${RELAY_BATCH} for update skip locked)
         returning id, organization_id, task, data, run_after, causation_id, depth`,
      );
      const db = fromKysely(tx.getTransactionContext() as Parameters<typeof fromKysely>[0]);
      const byQueue = new Map<string, JobInsert[]>();
      for (const row of rows) {
        // A task no longer declared cannot run: logged, not kept.
        if (!this.tasks.has(row.task)) {
          this.services.log.error({ job: { task: row.task, organizationId: row.organization_id } }, 'task request for an unknown task dropped');
          continue;
        }
        const data: TaskJobData = {
          organizationId: row.organization_id,
          data: typeof row.data === 'string' ? JSON.parse(row.data) : row.data,
          causationId: row.causation_id,
          depth: Number(row.depth) || 0,
        };
        const list = byQueue.get(`task.${row.task}`) ?? [];
        list.push({ data, ...(row.run_after ? { startAfter: new Date(row.run_after) } : {}) });
        byQueue.set(`task.${row.task}`, list);
      }
      for (const [queue, jobs] of byQueue) await this.boss.insert(queue, jobs, { db });
      return rows.length;
    });
    await em.transactional(async (tx) => {
      const retries = await tx.execute<{ id: string; organization_id: string; queue: string; data: OrgJobData }[]>(
        `select id, organization_id, queue, data from failed_jobs where state = 'retry_requested' order by retry_requested_at limit 100 for update skip locked`,
      );
      if (retries.length === 0) return;
      const db = fromKysely(tx.getTransactionContext() as Parameters<typeof fromKysely>[0]);
      for (const row of retries) {
        // A queue that no longer exists (a handler removed) cannot run it: the row stays for the record.
        if (!this.orgQueues().includes(row.queue)) continue;
        await this.boss.insert(row.queue, [{ data: { ...row.data, organizationId: row.organization_id } }], { db });
        await tx.execute(`update failed_jobs set state = 'retried', retried_at = now(), updated_at = now() where id = ?`, [row.id]);
      }
    });
    return Math.max(moved, requested);
  }

  /**
   * Per-organization fairness: the k-th job an organization has waiting in a queue gets priority −k,
   * and workers fetch by priority, then age. So queues serve organizations in turn (every one's
   * first waiting job, then every one's second, …): an organization with ten thousand jobs queued
   * delays another's next job by at most one job of its own per worker slot.
   */
  private async fairly(tx: EntityManager, queue: string, jobs: { organizationId: string; data: OrgJobData }[]): Promise<JobInsert[]> {
    const organizations = [...new Set(jobs.map((j) => j.organizationId))];
    const waiting = await tx.execute<{ organization_id: string; n: string }[]>(
      `select data->>'organizationId' as organization_id, count(*) as n from ${JOB_SCHEMA}.job
        where name = ? and state in ('created', 'retry') and data->>'organizationId' in (${organizations.map(() => '?').join(', ')}) group by 1`,
      [queue, ...organizations],
    );
    const next = new Map(waiting.map((w) => [w.organization_id, Number(w.n)]));
    return jobs.map((job) => {
      const k = next.get(job.organizationId) ?? 0;
      next.set(job.organizationId, k + 1);
      return { data: job.data, priority: -Math.min(k, 1_000_000) };
    });
  }

  /** Settles each job of a batch on its own: one failing job does not fail the others. */
  private async settle<T>(batch: Job<T>[], run: (job: Job<T>) => Promise<void>): Promise<JobResult[]> {
    const results: JobResult[] = [];
    for (const job of batch) {
      try {
        await run(job);
        results.push({ id: job.id, status: 'completed' });
      } catch (error) {
        this.services.log.warn({ err: error, job: { id: job.id, queue: job.name } }, 'job failed; it is retried with backoff, then dead-lettered');
        results.push({ id: job.id, status: 'failed', output: errorOutput(error) });
      }
    }
    return results;
  }

  /**
   * Runs `work` as the organization: the request role, its `app.organization_id`, the tenant filter,
   * one short transaction (on PGlite the API waits behind it), and events it writes caused by `cause`.
   */
  private inOrganization<T>(
    data: unknown,
    cause: { eventId: string; depth: number } | { causationId: string | null; depth: number } | null,
    work: (scope: JobScope) => Promise<T>,
  ): Promise<T> {
    const organizationId = (data as Partial<OrgJobData> | null)?.organizationId;
    if (!isUuid(organizationId)) throw new Error('Job payload has no organizationId (UUID): refusing to run it');
    const { config, log, clock } = this.services;
    const em = this.services.requestOrm.em.fork();
    scopeToOrganization(em, {
      organizationId,
      userId: null,
      statementTimeoutMs: config.dbStatementTimeoutMs,
      idleInTransactionTimeoutMs: config.dbIdleInTransactionTimeoutMs,
    });
    // An event job's writes are caused by its event, one deeper; a task's by what its request was caused by, as deep.
    const context =
      cause && 'eventId' in cause
        ? { actor: { kind: 'SYSTEM' as const, id: null }, causationId: cause.eventId, depth: cause.depth + 1 }
        : { actor: { kind: 'SYSTEM' as const, id: null }, causationId: cause?.causationId ?? null, depth: cause?.depth ?? 0 };
    return runWithEventContext(context, () =>
      em.transactional((tx) => work({ em: tx as EntityManager, organizationId: organizationId.toLowerCase(), now: clock.now(), log, config })),
    );
  }

  private async runEventJob(handler: EventHandler, data: EventJobData): Promise<void> {
    if (!isUuid(data?.eventId)) throw new Error('Event job payload has no eventId (UUID)');
    await this.inOrganization(data, { eventId: data.eventId, depth: Number(data.depth) || 0 }, async (scope) => {
      // The receipt first: a second delivery finds it and stops. Its key to the event is composite
      // (organization, event), so an event of another organization cannot even be named here.
      const receipt = await scope.em.execute<{ id: string }[]>(
        `insert into handled_events (id, created_at, updated_at, organization_id, handler, event_id)
         values (gen_random_uuid(), now(), now(), ?, ?, ?) on conflict (organization_id, handler, event_id) do nothing returning id`,
        [scope.organizationId, handler.key, data.eventId],
      );
      if (receipt.length === 0) return;
      const event = await scope.em.findOneOrFail(DomainEvent, { id: data.eventId });
      await handler.run(scope, event);
    });
  }

  private async runTaskJob(task: TaskDefinition, data: TaskJobData): Promise<void> {
    const causationId = isUuid(data?.causationId) ? data.causationId : null;
    await this.inOrganization(data, { causationId, depth: Number(data?.depth) || 0 }, (scope) => task.run(scope, data.data ?? {}));
  }

  private async runScheduledJob(schedule: Schedule, data: ScheduledJobData): Promise<void> {
    await this.inOrganization(data, null, async (scope) => {
      if (schedule.feature && !(await loadFeatures(scope.em, scope.organizationId)).has(schedule.feature)) return;
      await schedule.run(scope);
    });
  }

  /** The schedule's system job: one organization-scoped job per organization, for this run. */
  private async fanOut(schedule: Schedule): Promise<void> {
    const at = this.services.clock.now().toISOString();
    const em = this.services.orm.em.fork();
    const orgs = schedule.organizations
      ? (await schedule.organizations(em, this.services.clock.now())).map((id) => ({ id }))
      : await em.execute<{ id: string }[]>('select id from organizations order by id');
    for (let i = 0; i < orgs.length; i += RELAY_BATCH) {
      const jobs = orgs.slice(i, i + RELAY_BATCH).map((o) => ({ data: { organizationId: o.id, at } }));
      await this.boss.insert(`scheduled.${schedule.key}`, jobs);
    }
  }

  /** Dead letters become the organization's `failed_jobs` (once per dead job), for failedJobs and retryJob. */
  private async recordDeadLetters(batch: JobWithMetadata<OrgJobData>[]): Promise<void> {
    for (const job of batch) {
      const eventId = (job.data as Partial<EventJobData> | null)?.eventId;
      // A payload naming no organization belongs to nobody: logged, not kept (it was refused when it ran).
      if (!isUuid((job.data as Partial<OrgJobData> | null)?.organizationId)) {
        this.services.log.error({ job: { id: job.sourceId, queue: job.sourceName } }, 'dead job without an organization dropped');
        continue;
      }
      await this.inOrganization(job.data, null, (scope) =>
        scope.em.execute(
          `insert into failed_jobs (id, created_at, updated_at, organization_id, queue, job_id, event_id, data, error, attempts, failed_at, state)
           values (gen_random_uuid(), now(), now(), ?, ?, ?, ?, ?, ?, ?, ?, 'dead') on conflict (organization_id, job_id) do nothing`,
          [
            scope.organizationId,
            job.sourceName ?? 'unknown',
            job.sourceId ?? job.id,
            isUuid(eventId) ? eventId : null,
            JSON.stringify(job.data),
            String((job.sourceOutput as { message?: unknown } | null)?.message ?? JSON.stringify(job.sourceOutput ?? {})).slice(0, 2000),
            (job.sourceRetryCount ?? 0) + 1,
            scope.now,
          ],
        ),
      );
    }
  }

  /**
   * Sends a schedule's system job now, as its cron would (tests and operators: `npm run cli`).
   */
  async trigger(scheduleKey: string): Promise<void> {
    if (!this.schedules.has(scheduleKey)) throw new Error(`No schedule "${scheduleKey}"`);
    await this.boss.send(`schedule.${scheduleKey}`, {});
  }

  /** Waits until no event is undispatched and no job is queued, retrying soon or running (tests, benchmarks). */
  async idle(timeoutMs = 30_000): Promise<void> {
    if (!this.working) throw new Error('idle() needs a runtime started with work: true');
    const deadline = Date.now() + timeoutMs;
    const em = this.services.orm.em.fork();
    for (;;) {
      const [row] = await em.execute<{ pending: string }[]>(
        `select (select count(*) from domain_events where dispatched_at is null)
              + (select count(*) from job_requests where run_after is null or run_after < now() + interval '30 seconds')
              + (select count(*) from failed_jobs where state = 'retry_requested')
              + (select count(*) from ${JOB_SCHEMA}.job where state in ('created', 'retry', 'active') and name not like '\\_\\_%' escape '\\' and start_after < now() + interval '30 seconds') as pending`,
      );
      if (Number(row.pending) === 0) return;
      if (Date.now() > deadline) {
        const jobs = await em.execute<{ name: string; state: string }[]>(
          `select name, state::text, count(*)::int as n from ${JOB_SCHEMA}.job where state in ('created', 'retry', 'active') group by 1, 2`,
        );
        throw new Error(`jobs still pending after ${timeoutMs} ms: ${row.pending} (${JSON.stringify(jobs)})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
