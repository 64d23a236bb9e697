import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { startJobRuntime } from '../../src/jobs.js';
import { Account } from '../../src/modules/customers/account.entity.js';
import type { EventHandler } from '../../src/modules/jobs/job-types.js';
import type { JobRuntime } from '../../src/modules/jobs/runtime.js';
import { uuidv7 } from '../../src/shared/ids.js';
import { memberOf, unique } from '../factories/core.js';
import { caller } from '../factories/sales.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

const runs = new Map<string, number>();
/** While set, the handler waits here inside its transaction (a worker about to be killed). */
let hang: Promise<void> | null = null;
let hanging: (() => void) | null = null;

const marker: EventHandler = {
  key: 'test-marker',
  description: 'test: marks accounts',
  events: ['account.created'],
  async run({ em }, event) {
    runs.set(event.id, (runs.get(event.id) ?? 0) + 1);
    const account = await em.findOne(Account, { id: event.subjectId });
    if (!account) throw new Error(`account ${event.subjectId} is not visible to this organization`);
    account.industry = `${account.industry ?? ''}+marked`;
    await em.flush();
    if (hang) {
      hanging?.();
      await hang;
    }
  },
};

/** Records the order jobs of each organization finish in. */
const finished: string[] = [];
const slow: EventHandler = {
  key: 'test-slow',
  description: 'test: slow work',
  events: ['test.slow'],
  async run({ organizationId }) {
    await new Promise((resolve) => setTimeout(resolve, 40));
    finished.push(organizationId);
  },
};

describe('job recovery, isolation and fairness', () => {
  let t: TestApp;
  const started: JobRuntime[] = [];
  const runtime = async (work: boolean, handlers: EventHandler[] = [marker, slow]) => {
    const r = await startJobRuntime(t.services, { work, extra: { handlers } });
    started.push(r);
    return r;
  };
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        JOB_EXPIRE_SECONDS: '1',
        JOB_SUPERVISE_INTERVAL_SECONDS: '1',
        JOB_RETRY_DELAY_SECONDS: '1',
        EVENT_RELAY_INTERVAL_MS: '50',
        JOB_CONCURRENCY: '4',
      },
    });
  }, 60_000);
  afterAll(async () => {
    for (const r of started) await r.stop(1_000).catch(() => undefined);
    await t.close();
  });

  const industryOf = async (id: string) =>
    (await t.systemEm().execute<{ industry: string }[]>('select industry from accounts where id = ?', [id]))[0].industry;
  const createdEvent = async (accountId: string) =>
    (await t.systemEm().execute<{ id: string }[]>(`select id from domain_events where subject_id = ? and type = 'account.created'`, [accountId]))[0]
      .id;

  it('retries a job whose worker died holding it, and applies the event once', async () => {
    const owner = await memberOf(t);
    const { account } = await caller(t, owner.token).mutate('createAccount', { name: unique('Orphan') }, 'account { id }');
    // A worker claims the job and dies before doing anything: the claim expires, the job is retried.
    const dispatcher = await runtime(false);
    await dispatcher.dispatch();
    const [claimed] = await dispatcher.boss.fetch('event.test-marker');
    expect(claimed.data).toMatchObject({ organizationId: owner.organization.id, type: 'account.created' });
    await dispatcher.stop(100);
    const worker = await runtime(true);
    await worker.idle();
    expect(await industryOf(account.id)).toBe('+marked');
    expect(runs.get(await createdEvent(account.id))).toBe(1);
    await worker.stop(1_000);
  }, 60_000);

  it.runIf(Boolean(process.env.TEST_DATABASE_URL))(
    'rolls back the work of a worker killed mid-job; the retry applies it once',
    async () => {
      const owner = await memberOf(t);
      const { account } = await caller(t, owner.token).mutate('createAccount', { name: unique('Killed') }, 'account { id }');
      const eventId = await createdEvent(account.id);
      const reached = new Promise<void>((resolve) => {
        hanging = resolve;
      });
      let release = () => undefined as void;
      hang = new Promise((resolve) => {
        release = resolve;
      }); // the process is killed meanwhile
      // The victim is a process of its own: its own pools, which die with it.
      const victimApp = await createApp(t.services.config, { log: t.services.log as never });
      const victim = await startJobRuntime(victimApp, { work: true, extra: { handlers: [marker, slow] } });
      await reached;
      // Kill: the victim's transaction connection dies (as with the process), its queue stops without settling.
      await t
        .systemEm()
        .execute(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and state = 'idle in transaction'`);
      await victim.boss.stop({ graceful: false, close: true }).catch(() => undefined);
      hang = null;
      release(); // the dead attempt's code resumes on a dead connection: its commit fails, nothing is written
      void victimApp.close().catch(() => undefined);
      expect(await industryOf(account.id)).toBeNull(); // nothing of the killed attempt committed
      const worker = await runtime(true);
      await worker.idle();
      expect(await industryOf(account.id)).toBe('+marked');
      expect(runs.get(eventId)).toBe(2); // attempted twice, applied once
      await worker.stop(1_000);
    },
    60_000,
  );

  it("runs every job as its organization: a payload naming another organization's event changes nothing", async () => {
    const a = await memberOf(t);
    const b = await memberOf(t);
    const { account } = await caller(t, b.token).mutate('createAccount', { name: unique('Theirs') }, 'account { id }');
    const eventId = await createdEvent(account.id);
    await t.systemEm().execute('update domain_events set dispatched_at = now() where id = ?', [eventId]);
    const worker = await runtime(true);
    // A forged job: A's organization, B's event.
    await worker.boss.send('event.test-marker', { organizationId: a.organization.id, eventId, type: 'account.created', depth: 0 }, { retryLimit: 0 });
    await worker.idle();
    expect(await industryOf(account.id)).toBeNull();
    expect(runs.get(eventId)).toBeUndefined(); // refused before the handler ran (the receipt's key names A's events only)
    const dead = await t.systemEm().execute<{ organization_id: string }[]>('select organization_id from failed_jobs where event_id = ?', [eventId]);
    expect(dead).toEqual([{ organization_id: a.organization.id }]);
    // A payload without an organization is refused outright.
    await worker.boss.send('event.test-marker', { eventId, type: 'account.created' }, { retryLimit: 0 });
    await worker.idle();
    expect(await industryOf(account.id)).toBeNull();
    await worker.stop(1_000);
  }, 60_000);

  it('keeps one busy organization from starving the others', async () => {
    const busy = await memberOf(t);
    const quiet = await memberOf(t);
    const insert = (organizationId: string, n: number) =>
      t
        .systemEm()
        .execute(
          `insert into domain_events (id, organization_id, type, subject_type, subject_id, actor_kind, occurred_at, created_at, updated_at) values ${Array.from(
            { length: n },
            () => `('${uuidv7()}', '${organizationId}', 'test.slow', 'Organization', '${organizationId}', 'SYSTEM', now(), now(), now())`,
          ).join(', ')}`,
        );
    await insert(busy.organization.id, 60); // queued first
    await insert(quiet.organization.id, 3);
    finished.length = 0;
    const worker = await runtime(true);
    await worker.idle(60_000);
    const quietDone = finished.map((org, i) => (org === quiet.organization.id ? i : -1)).filter((i) => i >= 0);
    expect(quietDone).toHaveLength(3);
    // First come, first served would finish them 61st to 63rd; organizations taking turns finish them among the first.
    expect(Math.max(...quietDone)).toBeLessThan(20);
    await worker.stop(1_000);
  }, 90_000);
});
