import type { Redis } from 'ioredis';
import type pg from 'pg';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
  type IRateLimiterOptions,
} from 'rate-limiter-flexible';
import type { Config } from '../../config.js';

/** A store that survives Redis: the database (shared by every process) or, embedded, this process's memory. */
export type DurableStore = { kind: 'postgres'; pool: pg.Pool } | { kind: 'memory' };

/**
 * Where the counters live: Redis (shared by every process), the database, or this process's memory.
 * With Redis, `insurance` takes over every counter while Redis fails (rate-limiter-flexible's
 * `insuranceLimiter`), and lockouts are also written there so a Redis restarted empty cannot forget them.
 */
export type LoginGuardStore = { kind: 'redis'; client: Redis; insurance: DurableStore } | DurableStore;

export type LoginVerdict = { ok: true } | { ok: false; reason: 'LOCKED_OUT' | 'RATE_LIMITED'; retryAfterSeconds: number };

type GuardSettings = Pick<
  Config,
  | 'loginMaxAttempts'
  | 'loginMaxAttemptsPerIp'
  | 'loginAttemptWindowSeconds'
  | 'loginLockoutSeconds'
  | 'loginRate'
  | 'signupRate'
  | 'passwordResetRate'
>;

/**
 * Brute-force protection for `obtainToken` (rate-limiter-flexible):
 * - failures are counted per username and per IP in a window that starts with the first failure
 *   (rate-limiter-flexible's fixed window); reaching the maximum locks that username (or IP) out
 *   for the lockout duration;
 * - every attempt, good or bad, is throttled per username+IP pair.
 * Checked before any password is hashed. Each admitted attempt reserves a failure up front (given
 * back on success), so parallel attempts cannot all reach the password check.
 * Also throttles sign-ups per IP.
 */
export class LoginGuard {
  private readonly userFailures: RateLimiterAbstract;
  private readonly ipFailures: RateLimiterAbstract;
  private readonly throttle: RateLimiterAbstract;
  private readonly signups: RateLimiterAbstract;
  private readonly resetsByIp: RateLimiterAbstract;
  private readonly resetsByEmail: RateLimiterAbstract;
  /** Lockouts kept outside Redis (only when the counters are in Redis): [per username, per IP]. */
  private readonly durableLocks: [RateLimiterAbstract, RateLimiterAbstract] | null;

  constructor(
    private readonly settings: GuardSettings,
    store: LoginGuardStore,
  ) {
    const make = (keyPrefix: string, points: number, duration: number) => createLimiter(store, { keyPrefix, points, duration });
    this.userFailures = make('login_fail_user', settings.loginMaxAttempts, settings.loginAttemptWindowSeconds);
    this.ipFailures = make('login_fail_ip', settings.loginMaxAttemptsPerIp, settings.loginAttemptWindowSeconds);
    this.throttle = make('login_rate', settings.loginRate.points, settings.loginRate.durationSeconds);
    this.signups = make('signup_ip', settings.signupRate.points, settings.signupRate.durationSeconds);
    this.resetsByIp = make('reset_ip', settings.passwordResetRate.points, settings.passwordResetRate.durationSeconds);
    this.resetsByEmail = make('reset_email', settings.passwordResetRate.points, settings.passwordResetRate.durationSeconds);
    this.durableLocks =
      store.kind === 'redis'
        ? [
            createLimiter(store.insurance, { keyPrefix: 'login_lock_user', points: 1, duration: settings.loginLockoutSeconds }),
            createLimiter(store.insurance, { keyPrefix: 'login_lock_ip', points: 1, duration: settings.loginLockoutSeconds }),
          ]
        : null;
  }

  /** Call before checking the password: counts the attempt against the throttle and reports lockouts. */
  async admit(username: string, ip: string): Promise<LoginVerdict> {
    const [user, address, durableUser, durableAddress] = await Promise.all([
      this.userFailures.get(username),
      this.ipFailures.get(ip),
      this.durableLocks?.[0].get(username),
      this.durableLocks?.[1].get(ip),
    ]);
    const locked = [
      user && this.isLocked(user, this.settings.loginMaxAttempts),
      address && this.isLocked(address, this.settings.loginMaxAttemptsPerIp),
      // A durable lock record exists only while a lockout runs (written by `block`).
      durableUser && this.isLocked(durableUser, 1),
      durableAddress && this.isLocked(durableAddress, 1),
    ].filter((res): res is RateLimiterRes => res instanceof RateLimiterRes);
    if (locked.length > 0) {
      return { ok: false, reason: 'LOCKED_OUT', retryAfterSeconds: seconds(Math.max(...locked.map((res) => res.msBeforeNext))) };
    }
    const throttled = await consumeOrReject(this.throttle, `${username}|${ip}`);
    if (throttled) return { ok: false, reason: 'RATE_LIMITED', retryAfterSeconds: seconds(throttled.msBeforeNext) };
    // Reserve this attempt's failure now: the counters are atomic, the password check is not.
    const [userOver, ipOver] = await Promise.all([consumeOrReject(this.userFailures, username), consumeOrReject(this.ipFailures, ip)]);
    if (userOver || ipOver) {
      await this.refund(username, ip, !userOver, !ipOver);
      const retry = Math.max(userOver?.msBeforeNext ?? 0, ipOver?.msBeforeNext ?? 0);
      return { ok: false, reason: 'LOCKED_OUT', retryAfterSeconds: seconds(retry) };
    }
    return { ok: true };
  }

  /** The password was wrong: the reserved failure stays; reaching the maximum starts the lockout. */
  async recordFailure(username: string, ip: string): Promise<void> {
    await Promise.all([
      this.lockIfReached(this.userFailures, username, this.settings.loginMaxAttempts, this.durableLocks?.[0]),
      this.lockIfReached(this.ipFailures, ip, this.settings.loginMaxAttemptsPerIp, this.durableLocks?.[1]),
    ]);
  }

  /** The password was right: the username's failures are cleared, the IP gets its reserved point back (not its history). */
  async recordSuccess(username: string, ip: string): Promise<void> {
    await Promise.all([this.userFailures.delete(username), this.ipFailures.reward(ip, 1)]);
  }

  /** Per-IP sign-up throttle (SIGNUP_RATE). */
  async admitSignUp(ip: string): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
    const rejected = await consumeOrReject(this.signups, ip);
    return rejected ? { ok: false, retryAfterSeconds: seconds(rejected.msBeforeNext) } : { ok: true };
  }

  /**
   * Password-reset requests (PASSWORD_RESET_RATE) per IP and per e-mail address, counted whether or
   * not the address has an account, so the verdict reveals nothing about accounts.
   */
  async admitPasswordReset(ip: string, email: string): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
    const rejected = (await consumeOrReject(this.resetsByIp, ip)) ?? (await consumeOrReject(this.resetsByEmail, email));
    return rejected ? { ok: false, retryAfterSeconds: seconds(rejected.msBeforeNext) } : { ok: true };
  }

  private async refund(username: string, ip: string, user: boolean, address: boolean): Promise<void> {
    await Promise.all([user ? this.userFailures.reward(username, 1) : null, address ? this.ipFailures.reward(ip, 1) : null]);
  }

  private isLocked(res: RateLimiterRes, max: number): RateLimiterRes | null {
    return res.consumedPoints >= max && res.msBeforeNext > 0 ? res : null;
  }

  private async lockIfReached(limiter: RateLimiterAbstract, key: string, max: number, durable?: RateLimiterAbstract): Promise<void> {
    const res = await limiter.get(key);
    // At or over the maximum (parallel attempts can pass it); re-blocking only happens for attempts
    // admitted before the lock, since locked keys are refused before anything is counted.
    if (!res || res.consumedPoints < max) return;
    await Promise.all([limiter.block(key, this.settings.loginLockoutSeconds), durable?.block(key, this.settings.loginLockoutSeconds)]);
  }
}

/** Consumes one point; returns the rejection when the limit is exceeded, null when admitted. */
async function consumeOrReject(limiter: RateLimiterAbstract, key: string): Promise<RateLimiterRes | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return rejection;
    throw rejection;
  }
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

function createLimiter(store: LoginGuardStore, options: IRateLimiterOptions): RateLimiterAbstract {
  switch (store.kind) {
    case 'redis':
      // While Redis is not connected, or a command fails or times out, the insurance store answers
      // (and keeps the lockout enforced); back on Redis as soon as it answers again.
      return new RateLimiterRedis({
        ...options,
        storeClient: store.client,
        rejectIfRedisNotReady: true,
        insuranceLimiter: createLimiter(store.insurance, options),
      });
    case 'postgres':
      // The table is created by a migration (schema changes never happen at run time); expired rows are purged every 5 minutes.
      return new RateLimiterPostgres({
        ...options,
        storeClient: store.pool,
        storeType: 'pool',
        tableName: 'login_throttle',
        tableCreated: true,
        clearExpiredByTimeout: false,
      });
    case 'memory':
      return new RateLimiterMemory(options);
  }
}
