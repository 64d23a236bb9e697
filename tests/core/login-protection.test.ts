import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createUser, DEFAULT_PASSWORD, unique } from '../factories/core.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

const OBTAIN = `mutation ($username: String!, $password: String!) {
  obtainToken(input: { username: $username, password: $password }) { token errors { code retryAfterSeconds } }
}`;

/** Redis keeps counters across test runs, so every address is fresh. */
const randomIp = () => `2001:db8::${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;

type Attempt = { token: string | null; errors: { code: string; retryAfterSeconds: number | null }[] };

async function attempt(t: TestApp, username: string, password: string, ip = randomIp()): Promise<Attempt> {
  return (await t.gql(OBTAIN, { variables: { username, password }, ip })).data.obtainToken;
}

const codeOf = (a: Attempt) => a.errors[0]?.code ?? 'OK';

// Stores differ by deployment: memory (embedded), PostgreSQL (DATABASE_URL), Redis (REDIS_URL).
const redisUrl = process.env.TEST_REDIS_URL;
const stores: [string, Record<string, string>][] = [['default store', {}]];
if (redisUrl) stores.push(['Redis store', { REDIS_URL: redisUrl }]);

describe.each(stores)('login protection (%s)', (_name, env) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env });
  });
  afterAll(() => t.close());
  afterEach(() => vi.useRealTimers());

  it('locks a username out after 5 failures, even for the right password, and says for how long', async () => {
    const user = await createUser(t);
    const results: string[] = [];
    for (let i = 0; i < 5; i++) results.push(codeOf(await attempt(t, user.username, 'wrong password!!', randomIp())));
    expect(results).toEqual(Array(5).fill('INVALID_CREDENTIALS'));
    const locked = await attempt(t, user.username, DEFAULT_PASSWORD, randomIp());
    expect(locked.token).toBeNull();
    expect(locked.errors[0].code).toBe('LOCKED_OUT');
    expect(locked.errors[0].retryAfterSeconds).toBeGreaterThan(890);
    expect(locked.errors[0].retryAfterSeconds).toBeLessThanOrEqual(900);
  });

  it('counts failures per IP across usernames', async () => {
    const ip = randomIp();
    const ipLimited = await startTestApp({ env: { ...env, LOGIN_MAX_ATTEMPTS_PER_IP: '3' } });
    try {
      for (let i = 0; i < 3; i++) expect(codeOf(await attempt(ipLimited, unique('guess'), 'wrong password!!', ip))).toBe('INVALID_CREDENTIALS');
      const user = await createUser(ipLimited);
      expect(codeOf(await attempt(ipLimited, user.username, DEFAULT_PASSWORD, ip))).toBe('LOCKED_OUT');
      expect(codeOf(await attempt(ipLimited, user.username, DEFAULT_PASSWORD, randomIp()))).toBe('OK');
    } finally {
      await ipLimited.close();
    }
  });

  it('throttles a username+IP pair past LOGIN_RATE with RATE_LIMITED', async () => {
    const throttled = await startTestApp({ env: { ...env, LOGIN_RATE: '3/min' } });
    const ip = randomIp();
    try {
      const user = await createUser(throttled);
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push(codeOf(await attempt(throttled, user.username, DEFAULT_PASSWORD, ip)));
      expect(codes).toEqual(['OK', 'OK', 'OK', 'RATE_LIMITED']);
      expect(codeOf(await attempt(throttled, user.username, DEFAULT_PASSWORD, randomIp()))).toBe('OK');
    } finally {
      await throttled.close();
    }
  });

  it('counts every aliased obtainToken in one request', async () => {
    const user = await createUser(t);
    const aliases = Array.from(
      { length: 6 },
      (_, i) => `a${i}: obtainToken(input: { username: "${user.username}", password: "wrong password!!" }) { errors { code } }`,
    );
    const res = await t.gql(`mutation { ${aliases.join('\n')} }`, { ip: randomIp() });
    const codes = Object.values(res.data as Record<string, { errors: { code: string }[] }>).map((p) => p.errors[0].code);
    expect(codes).toEqual([...Array(5).fill('INVALID_CREDENTIALS'), 'LOCKED_OUT']);
  });
});

describe('lockout timing (injectable clock)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_LOCKOUT_SECONDS: '600', LOGIN_ATTEMPT_WINDOW: '300' } });
  });
  afterAll(() => t.close());
  afterEach(() => vi.useRealTimers());

  it('lifts the lockout exactly when LOGIN_LOCKOUT_SECONDS have passed', async () => {
    // The limiter and the app read time through Date, which the test moves instead of sleeping.
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = new Date('2026-11-24T12:00:00Z');
    vi.setSystemTime(start);
    const user = await createUser(t);
    for (let i = 0; i < 5; i++) await attempt(t, user.username, 'wrong password!!', randomIp());
    vi.setSystemTime(new Date(start.getTime() + 599_000));
    const still = await attempt(t, user.username, DEFAULT_PASSWORD, randomIp());
    expect(still.errors[0]).toEqual({ code: 'LOCKED_OUT', retryAfterSeconds: 1 });
    vi.setSystemTime(new Date(start.getTime() + 600_001));
    expect(codeOf(await attempt(t, user.username, DEFAULT_PASSWORD, randomIp()))).toBe('OK');
  });

  it('forgets failures older than LOGIN_ATTEMPT_WINDOW', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = new Date('2026-11-25T12:00:00Z');
    vi.setSystemTime(start);
    const user = await createUser(t);
    for (let i = 0; i < 4; i++) await attempt(t, user.username, 'wrong password!!', randomIp());
    vi.setSystemTime(new Date(start.getTime() + 301_000));
    expect(codeOf(await attempt(t, user.username, 'wrong password!!', randomIp()))).toBe('INVALID_CREDENTIALS');
    expect(codeOf(await attempt(t, user.username, DEFAULT_PASSWORD, randomIp()))).toBe('OK');
  });
});
