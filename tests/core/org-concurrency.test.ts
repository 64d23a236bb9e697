import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { OrgConcurrencyLimiter } from '../../src/shared/org-concurrency.js';
import { memberOf } from '../factories/core.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

/** Tracks whether a promise has settled yet, without waiting for it. */
function track<T>(promise: Promise<T>) {
  const state = { settled: false, promise };
  promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}

describe('per-organization operation slots', () => {
  afterEach(() => vi.useRealTimers());

  it('admits up to the limit per organization, then queues in arrival order', async () => {
    const limiter = new OrgConcurrencyLimiter({ maxConcurrent: 2, maxQueued: 10, queueTimeoutMs: 60_000 });
    const [a1, a2] = await Promise.all([limiter.acquire('a'), limiter.acquire('a')]);
    const order: string[] = [];
    const admitted = (name: string) => (release: () => void) => {
      order.push(name);
      return release;
    };
    const third = limiter.acquire('a').then(admitted('third'));
    const fourth = limiter.acquire('a').then(admitted('fourth'));
    // Another organization is not behind them.
    const b = await limiter.acquire('b');
    expect(limiter.usage('a')).toEqual({ running: 2, queued: 2 });
    a1();
    a1(); // releasing twice frees one slot only
    const r3 = await third;
    expect(order).toEqual(['third']);
    expect(limiter.usage('a')).toEqual({ running: 2, queued: 1 });
    a2();
    const r4 = await fourth;
    expect(order).toEqual(['third', 'fourth']);
    for (const release of [r3, r4, b]) release();
    expect(limiter.usage('a')).toEqual({ running: 0, queued: 0 });
  });

  it('refuses at once when the queue is full, and after the wait timeout otherwise', async () => {
    vi.useFakeTimers();
    const limiter = new OrgConcurrencyLimiter({ maxConcurrent: 1, maxQueued: 1, queueTimeoutMs: 5_000 });
    const held = await limiter.acquire('a');
    const waiting = limiter.acquire('a');
    await expect(limiter.acquire('a')).rejects.toMatchObject({ extensions: { code: 'TOO_MANY_REQUESTS', http: { status: 429 } } });
    vi.advanceTimersByTime(5_000);
    await expect(waiting).rejects.toMatchObject({ message: expect.stringContaining('waited too long') });
    expect(limiter.usage('a')).toEqual({ running: 1, queued: 0 });
    held();
    expect(limiter.usage('a')).toEqual({ running: 0, queued: 0 });
  });
});

describe('one organization saturating its slots over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { ORG_MAX_CONCURRENT_OPERATIONS: '2', ORG_MAX_QUEUED_OPERATIONS: '1' } });
  });
  afterAll(() => t.close());

  const ME = '{ me { id } }';

  it("keeps answering another organization's requests, queues its own, and refuses past the queue with 429", async () => {
    const heavy = await memberOf(t);
    const other = await memberOf(t);
    // given: every slot of `heavy` taken (as by long-running searches)
    const slots = await Promise.all([
      t.services.orgConcurrency.acquire(heavy.organization.id),
      t.services.orgConcurrency.acquire(heavy.organization.id),
    ]);
    // when
    const queued = track(t.gql(ME, { token: heavy.token }));
    await vi.waitFor(() => expect(t.services.orgConcurrency.usage(heavy.organization.id).queued).toBe(1));
    const otherAnswer = await t.gql(ME, { token: other.token });
    const refused = await t.gql(ME, { token: heavy.token });
    // then
    expect(otherAnswer).toMatchObject({ status: 200, data: { me: { id: other.user.id } } });
    expect(queued.settled).toBe(false);
    expect(refused.status).toBe(429);
    expect(refused.data).toBeUndefined();
    expect(refused.errors).toMatchObject([{ extensions: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 1 } }]);
    expect(refused.errors?.[0].extensions).not.toHaveProperty('http');
    // and once a slot frees, the queued request runs
    slots[0]();
    expect(await queued.promise).toMatchObject({ status: 200, data: { me: { id: heavy.user.id } } });
    slots[1]();
    expect(t.services.orgConcurrency.usage(heavy.organization.id)).toEqual({ running: 0, queued: 0 });
  });

  it('gives every slot back after requests, failed ones included', async () => {
    const member = await memberOf(t);
    const results = await Promise.all([
      t.gql(ME, { token: member.token }),
      t.gql('{ me { id ', { token: member.token }),
      t.gql('{ nope }', { token: member.token }),
    ]);
    // A body Apollo refuses before running any operation (no willSendResponse) gives its slot back too.
    const malformed = await t.server.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${member.token}` },
      payload: '{"query": 5}',
    });
    expect(results.map((r) => r.status)).toEqual([200, 400, 400]);
    expect(malformed.statusCode).toBe(400);
    expect(t.services.orgConcurrency.usage(member.organization.id)).toEqual({ running: 0, queued: 0 });
  });
});
