import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser, DEFAULT_PASSWORD, unique } from '../factories/core.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';
import { redisServerMissing, TestRedis } from '../helpers/redis-server.js';

const OBTAIN = `mutation ($username: String!, $password: String!) {
  obtainToken(input: { username: $username, password: $password }) { token errors { code } }
}`;
const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { token errors { code } } }`;

const randomIp = () => `2001:db8::${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;

function captureLogger() {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

async function login(t: TestApp, username: string, password: string, ip = randomIp()) {
  const res = await t.gql(OBTAIN, { variables: { username, password }, ip });
  return {
    status: res.status,
    errors: res.errors,
    token: res.data?.obtainToken?.token ?? null,
    code: res.data?.obtainToken?.errors[0]?.code ?? 'OK',
  };
}

async function readiness(t: TestApp) {
  const res = await t.server.inject({ url: '/readyz' });
  return { status: res.statusCode, body: res.json() };
}

// A real redis-server of this file's own, stopped (SIGKILL) and restarted empty by the tests.
describe.skipIf(redisServerMissing !== null)(
  `login protection when Redis fails${redisServerMissing ? ` (skipped: ${redisServerMissing})` : ''}`,
  () => {
    let redis: TestRedis;
    let t: TestApp;
    const captured = captureLogger();
    const logged = (pattern: RegExp) => captured.lines.filter((line) => pattern.test(line.msg));

    beforeAll(async () => {
      redis = await TestRedis.create();
      t = await startTestApp({ env: { REDIS_URL: redis.url, SIGNUP_RATE: '100/min' }, log: captured.log });
    });
    afterAll(async () => {
      await t?.close();
      await redis?.close();
    });

    it('keeps logins and sign-ups working with the lockout enforced while Redis is down, and /readyz says degraded', async () => {
      // given Redis answering
      expect(await readiness(t)).toEqual({ status: 200, body: { status: 'ready' } });
      const user = await createUser(t);
      const victim = await createUser(t);
      // when it dies
      await redis.stop();
      await vi.waitFor(async () => expect((await readiness(t)).body.status).toBe('degraded'), { timeout: 5000, interval: 50 });
      // then /readyz stays 200 (the instance serves) and names Redis
      expect(await readiness(t)).toEqual({
        status: 200,
        body: expect.objectContaining({ status: 'degraded', dependencies: { database: 'up', redis: 'down' } }),
      });
      // and logins go on, through the insurance store
      const ok = await login(t, user.username, DEFAULT_PASSWORD);
      expect(ok.errors).toBeUndefined();
      expect(ok.token).toMatch(/^scrm_pat_/);
      const signedUp = await t.gql(SIGN_UP, {
        ip: randomIp(),
        variables: {
          input: { organizationName: 'Outage Ltd', username: unique('outage'), email: `${unique('o')}@example.com`, password: DEFAULT_PASSWORD },
        },
      });
      expect(signedUp.errors).toBeUndefined();
      expect(signedUp.data.signUp.token).toMatch(/^scrm_pat_/);
      // and the lockout still holds: 5 failures, then even the right password is refused
      const failures: string[] = [];
      for (let i = 0; i < 5; i++) failures.push((await login(t, victim.username, 'wrong password!!')).code);
      expect(failures).toEqual(Array(5).fill('INVALID_CREDENTIALS'));
      expect((await login(t, victim.username, DEFAULT_PASSWORD)).code).toBe('LOCKED_OUT');
      // and the outage was logged once, not once per request or per reconnect attempt
      expect(logged(/Redis unreachable/)).toHaveLength(1);
      expect(logged(/Redis unreachable/)[0].level).toBe(40);

      // when Redis comes back (empty)
      await redis.start();
      await vi.waitFor(async () => expect((await readiness(t)).body).toEqual({ status: 'ready' }), { timeout: 10_000, interval: 50 });
      // then the lockout taken during the outage still holds, and the recovery was logged once
      expect((await login(t, victim.username, DEFAULT_PASSWORD)).code).toBe('LOCKED_OUT');
      expect(logged(/Redis reachable again/)).toHaveLength(1);
      expect(logged(/Redis unreachable/)).toHaveLength(1);
    });

    it('remembers a lockout taken on Redis after Redis restarts empty', async () => {
      // given a user locked out while Redis answers
      const user = await createUser(t);
      for (let i = 0; i < 5; i++) expect((await login(t, user.username, 'wrong password!!')).code).toBe('INVALID_CREDENTIALS');
      expect((await login(t, user.username, DEFAULT_PASSWORD)).code).toBe('LOCKED_OUT');
      // when Redis restarts with nothing in it
      await redis.stop();
      await redis.start();
      await vi.waitFor(async () => expect((await readiness(t)).body).toEqual({ status: 'ready' }), { timeout: 10_000, interval: 50 });
      // then the lockout is still enforced (it was also written to the database store)
      expect((await login(t, user.username, DEFAULT_PASSWORD)).code).toBe('LOCKED_OUT');
      // while someone else still logs in
      const other = await createUser(t);
      expect((await login(t, other.username, DEFAULT_PASSWORD)).token).toMatch(/^scrm_pat_/);
    });
  },
);
