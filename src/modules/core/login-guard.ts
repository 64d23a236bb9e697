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

/** Where the counters live: Redis (shared by every process), the database, or this process's memory. */
export type LoginGuardStore = { kind: 'redis'; client: Redis } | { kind: 'postgres'; pool: pg.Pool } | { kind: 'memory' };

export type LoginVerdict = { ok: true } | { ok: false; reason: 'LOCKED_OUT' | 'RATE_LIMITED'; retryAfterSeconds: number };

type GuardSettings = Pick<Config, 'loginMaxAttempts' | 'loginMaxAttemptsPerIp' | 'loginAttemptWindowSeconds' | 'loginLockoutSeconds' | 'loginRate'>;

/**
 * Brute-force protection for `obtainToken` (rate-limiter-flexible):
 * - failures are counted per username and per IP in a rolling window; reaching the maximum locks
 *   that username (or IP) out for the lockout duration;
 * - every attempt, good or bad, is throttled per username+IP pair.
 * Checked before any password is hashed.
 */
export class LoginGuard {
  private readonly userFailures: RateLimiterAbstract;
  private readonly ipFailures: RateLimiterAbstract;
  private readonly throttle: RateLimiterAbstract;

  constructor(
    private readonly settings: GuardSettings,
    store: LoginGuardStore,
  ) {
    const make = (keyPrefix: string, points: number, duration: number) => createLimiter(store, { keyPrefix, points, duration });
    this.userFailures = make('login_fail_user', settings.loginMaxAttempts, settings.loginAttemptWindowSeconds);
    this.ipFailures = make('login_fail_ip', settings.loginMaxAttemptsPerIp, settings.loginAttemptWindowSeconds);
    this.throttle = make('login_rate', settings.loginRate.points, settings.loginRate.durationSeconds);
  }

  /** Call before checking the password: counts the attempt against the throttle and reports lockouts. */
  async admit(username: string, ip: string): Promise<LoginVerdict> {
    const [user, address] = await Promise.all([this.userFailures.get(username), this.ipFailures.get(ip)]);
    const locked = [
      user && this.isLocked(user, this.settings.loginMaxAttempts),
      address && this.isLocked(address, this.settings.loginMaxAttemptsPerIp),
    ].filter((res): res is RateLimiterRes => res instanceof RateLimiterRes);
    if (locked.length > 0) {
      return { ok: false, reason: 'LOCKED_OUT', retryAfterSeconds: seconds(Math.max(...locked.map((res) => res.msBeforeNext))) };
    }
    try {
      await this.throttle.consume(`${username}|${ip}`);
      return { ok: true };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return { ok: false, reason: 'RATE_LIMITED', retryAfterSeconds: seconds(rejection.msBeforeNext) };
      throw rejection;
    }
  }

  /** Records a failed password check; the attempt that reaches the maximum starts the lockout. */
  async recordFailure(username: string, ip: string): Promise<void> {
    await Promise.all([
      this.countFailure(this.userFailures, username, this.settings.loginMaxAttempts),
      this.countFailure(this.ipFailures, ip, this.settings.loginMaxAttemptsPerIp),
    ]);
  }

  /** A successful login clears the username's failures (not the IP's, so one good account cannot reset an attacker's address). */
  async recordSuccess(username: string): Promise<void> {
    await this.userFailures.delete(username);
  }

  private isLocked(res: RateLimiterRes, max: number): RateLimiterRes | null {
    return res.consumedPoints >= max && res.msBeforeNext > 0 ? res : null;
  }

  private async countFailure(limiter: RateLimiterAbstract, key: string, max: number): Promise<void> {
    let consumed: number;
    try {
      consumed = (await limiter.consume(key)).consumedPoints;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      consumed = rejection.consumedPoints;
    }
    if (consumed >= max) await limiter.block(key, this.settings.loginLockoutSeconds);
  }
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

function createLimiter(store: LoginGuardStore, options: IRateLimiterOptions): RateLimiterAbstract {
  switch (store.kind) {
    case 'redis':
      return new RateLimiterRedis({ ...options, storeClient: store.client });
    case 'postgres':
      // The table is created by a migration (schema changes never happen at run time).
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
