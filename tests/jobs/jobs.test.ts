import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Account } from '../../src/modules/customers/account.entity.js';
import type { EventHandler } from '../../src/modules/jobs/job-types.js';
import { createUser, issueToken, memberOf, unique } from '../factories/core.js';
import { caller } from '../factories/sales.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

/** What the test handlers did, by event id (in memory: every attempt, committed or not). */
const attempts = new Map<string, number>();
/** Events whose handling fails on every attempt. */
const alwaysFail = new Set<string>();

/** Tags the new account's industry: a database effect committed with the handler's receipt. */
const tagger: EventHandler = {
  key: 'test-tagger',
  description: 'test: tags new accounts',
  events: ['account.created'],
  async run({ em }, event) {
    attempts.set(event.id, (attempts.get(event.id) ?? 0) + 1);
    if (alwaysFail.has(event.id)) throw new Error(`refusing ${event.id}`);
    const account = await em.findOneOrFail(Account, { id: event.subjectId });
    account.industry = `${account.industry ?? ''}+tagged`;
    await em.flush();
  },
};

const JOBS = `query ($first: Int) { failedJobs(first: $first) { totalCount edges { node { id queue eventId error attempts state data } } } }`;

describe('jobs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { JOB_RETRY_LIMIT: '2', JOB_RETRY_DELAY_SECONDS: '1', EVENT_RELAY_INTERVAL_MS: '50' },
      workers: { handlers: [tagger] },
    });
  }, 60_000);
  afterAll(() => t.close());

  const industryOf = async (id: string) =>
    (await t.systemEm().execute<{ industry: string }[]>('select industry from accounts where id = ?', [id]))[0].industry;
  const eventOf = async (accountId: string, type = 'account.created') =>
    (
      await t
        .systemEm()
        .execute<{ id: string; dispatched_at: Date | null }[]>('select id, dispatched_at from domain_events where subject_id = ? and type = ?', [
          accountId,
          type,
        ])
    )[0];

  it('hands each committed event to its handlers once, as the organization, with causation and depth', async () => {
    const owner = await memberOf(t, { plan: 'enterprise' });
    const api = caller(t, owner.token);
    const { account } = await api.mutate('createAccount', { name: unique('Jobs') }, 'account { id }');
    await t.jobs!.idle();
    expect(await industryOf(account.id)).toBe('+tagged');
    const created = await eventOf(account.id);
    expect(created.dispatched_at).not.toBeNull();
    expect(attempts.get(created.id)).toBe(1);
    // The handler's own change is an event caused by the one it handled, one level deeper, by the system.
    const [updated] = await t
      .systemEm()
      .execute<{ causation_id: string; depth: number; actor_kind: string; organization_id: string }[]>(
        `select causation_id, depth, actor_kind, organization_id from domain_events where subject_id = ? and type = 'account.updated'`,
        [account.id],
      );
    expect(updated).toMatchObject({ causation_id: created.id, depth: 1, actor_kind: 'SYSTEM', organization_id: owner.organization.id });
    const receipts = await t.systemEm().execute("select handler from handled_events where event_id = ? and handler = 'test-tagger'", [created.id]);
    expect(receipts).toEqual([{ handler: 'test-tagger' }]);
  });

  it('applies an event once even when it is delivered again (a crash after commit, a second dispatch)', async () => {
    const owner = await memberOf(t, { plan: 'enterprise' });
    const api = caller(t, owner.token);
    const { account } = await api.mutate('createAccount', { name: unique('Twice') }, 'account { id }');
    await t.jobs!.idle();
    const created = await eventOf(account.id);
    // At-least-once: the same event queued again (as after a dispatcher crash between send and mark).
    await t.systemEm().execute('update domain_events set dispatched_at = null where id = ?', [created.id]);
    await t.jobs!.dispatch();
    await t.jobs!.idle();
    expect(await industryOf(account.id)).toBe('+tagged');
    // The second delivery found the receipt and did not call the handler.
    expect(attempts.get(created.id)).toBe(1);
  });

  it('retries a failing handler with backoff, then records a dead letter the organization can see and retry', async () => {
    const owner = await memberOf(t, { plan: 'enterprise' });
    const other = await memberOf(t, { plan: 'enterprise' });
    const api = caller(t, owner.token);
    const name = unique('Dead');
    // Mark the next account.created of this organization to fail: its id is known only after commit, so fail by name.
    failingNames.add(name);
    const made = (await api.mutate('createAccount', { name }, 'account { id }')).account;
    await waitFor(
      async () => (await t.systemEm().execute('select 1 from failed_jobs where organization_id = ?', [owner.organization.id])).length === 1,
      20_000,
    ).catch(async (e) => {
      console.log(
        'DEBUG',
        [...attempts.entries()],
        await t
          .systemEm()
          .execute('select name, state, retry_count, retry_limit, start_after, output, dead_letter from pgboss.job order by created_on'),
      );
      throw e;
    });
    const created = await eventOf(made.id);
    expect(attempts.get(created.id)).toBe(3); // first run + JOB_RETRY_LIMIT 2
    expect(await industryOf(made.id)).toBeNull();
    const page = (await api.data(JOBS, { first: 10 })).failedJobs;
    expect(page.totalCount).toBe(1);
    const dead = page.edges[0].node;
    expect(dead).toMatchObject({ queue: 'event.test-tagger', eventId: created.id, attempts: 3, state: 'DEAD' });
    expect(dead.error).toContain('refusing');
    expect(dead.data.organizationId).toBe(owner.organization.id);
    // Another organization sees none of it, and cannot retry it.
    expect((await caller(t, other.token).data(JOBS, { first: 10 })).failedJobs.totalCount).toBe(0);
    const foreign = await caller(t, other.token).gql('mutation ($id: ID!) { retryJob(input: { id: $id }) { errors { code } } }', { id: dead.id });
    expect(foreign.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    // Fixed: the retry runs it once more and it succeeds.
    failingNames.delete(name);
    const retried = await api.data('mutation ($id: ID!) { retryJob(input: { id: $id }) { failedJob { state retryRequestedAt } errors { code } } }', {
      id: dead.id,
    });
    expect(retried.retryJob).toMatchObject({ failedJob: { state: 'RETRY_REQUESTED' }, errors: [] });
    const again = await api.data('mutation ($id: ID!) { retryJob(input: { id: $id }) { errors { code field } } }', { id: dead.id });
    expect(again.retryJob.errors).toEqual([{ code: 'INVALID_STATE', field: 'id' }]);
    await t.jobs!.idle();
    expect(await industryOf(made.id)).toBe('+tagged');
    expect((await api.data(JOBS, { first: 10 })).failedJobs.edges[0].node.state).toBe('RETRIED');
  }, 60_000);

  it("lets platform administrators see every organization's dead jobs and retry them; others may not", async () => {
    const one = await memberOf(t);
    const two = await memberOf(t);
    const names = [unique('DeadOne'), unique('DeadTwo')];
    for (const n of names) failingNames.add(n);
    await caller(t, one.token).mutate('createAccount', { name: names[0] }, 'account { id }');
    const made = (await caller(t, two.token).mutate('createAccount', { name: names[1] }, 'account { id }')).account;
    const deadIn = (orgId: string) => t.systemEm().execute('select 1 from failed_jobs where organization_id = ?', [orgId]);
    await waitFor(async () => (await deadIn(one.organization.id)).length === 1 && (await deadIn(two.organization.id)).length === 1, 20_000);
    const admin = await issueToken(t, await createUser(t, { isSuperuser: true }));
    const PLATFORM = `query ($org: ID) { platformFailedJobs(first: 50, organizationId: $org) { totalCount edges { node { id data } } } }`;
    const all = (await t.gql(PLATFORM, { token: admin })).data.platformFailedJobs;
    const orgsSeen = new Set(all.edges.map((e: { node: { data: { organizationId: string } } }) => e.node.data.organizationId));
    expect(orgsSeen.has(one.organization.id) && orgsSeen.has(two.organization.id)).toBe(true);
    const onlyTwo = (await t.gql(PLATFORM, { token: admin, variables: { org: two.organization.id } })).data.platformFailedJobs;
    expect(onlyTwo.totalCount).toBe(1);
    // Members, even owners, are refused the platform view and the platform retry.
    expect((await t.gql(PLATFORM, { token: one.token })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const RETRY = 'mutation ($id: ID!) { platformRetryJob(input: { id: $id }) { failedJob { state } errors { code } } }';
    expect((await t.gql(RETRY, { token: one.token, variables: { id: onlyTwo.edges[0].node.id } })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    failingNames.delete(names[1]);
    const retried = await t.gql(RETRY, { token: admin, variables: { id: onlyTwo.edges[0].node.id } });
    expect(retried.data.platformRetryJob).toMatchObject({ failedJob: { state: 'RETRY_REQUESTED' }, errors: [] });
    await t.jobs!.idle();
    expect(await industryOf(made.id)).toBe('+tagged');
    failingNames.delete(names[0]);
  }, 60_000);

  it('finishes a job in flight when the workers stop gracefully', async () => {
    const owner = await memberOf(t, { plan: 'enterprise' });
    const { startJobRuntime } = await import('../../src/jobs.js');
    let entered: () => void = () => undefined;
    const inFlight = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const slow: EventHandler = {
      key: 'test-graceful',
      description: 'test: slow',
      events: ['account.created'],
      async run({ em }, event) {
        entered();
        await new Promise((resolve) => setTimeout(resolve, 500));
        const account = await em.findOneOrFail(Account, { id: event.subjectId });
        account.domain = 'graceful.example';
        await em.flush();
      },
    };
    // The suite's workers stop first (their dispatcher knows nothing of this handler); this runtime takes over.
    await t.jobs!.idle();
    await t.jobs!.stop();
    const second = await startJobRuntime(t.services, { work: true, extra: { handlers: [slow] } });
    const { account } = await caller(t, owner.token).mutate('createAccount', { name: unique('Graceful') }, 'account { id }');
    await inFlight;
    await second.stop(10_000);
    const [row] = await t.systemEm().execute<{ domain: string | null }[]>('select domain from accounts where id = ?', [account.id]);
    expect(row.domain).toBe('graceful.example');
    const [job] = await t
      .systemEm()
      .execute<{ state: string }[]>(
        `select state::text as state from pgboss.job where name = 'event.test-graceful' and data->>'organizationId' = ?`,
        [owner.organization.id],
      );
    expect(job.state).toBe('completed');
  }, 60_000);
});

const failingNames = new Set<string>();
tagger.run = (
  (run) =>
  async (scope, event): Promise<void> => {
    const account = await scope.em.findOne(Account, { id: event.subjectId });
    if (account && failingNames.has(account.name)) alwaysFail.add(event.id);
    else alwaysFail.delete(event.id);
    return run(scope, event);
  }
)(tagger.run);

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
