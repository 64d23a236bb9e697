import { LiveBus } from './db/live.js';
import { Redis } from 'ioredis';
import pg from 'pg';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { type AppServices, SessionCache } from './context.js';
import { migrate, openOrm, ormOptions, type OrmOverrides, type SqlOrm } from './db/orm.js';
import { type DurableStore, LoginGuard, type LoginGuardStore } from './modules/core/login-guard.js';
import { createMailer } from './modules/core/mailer.js';
import { type Clock, systemClock } from './shared/clock.js';
import { RedisStatus } from './shared/redis-status.js';
import { OrgConcurrencyLimiter } from './shared/org-concurrency.js';

export type AppHandle = AppServices & {
  /** Dependencies that are down while the app keeps serving (for /readyz); empty when all is well. */
  degraded(): string[];
  close(): Promise<void>;
};

export function createLogger(config: Pick<Config, 'logLevel' | 'isProduction'>): Logger {
  return pino({
    level: config.logLevel,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token'], censor: '[redacted]' },
  });
}

type GuardStore = { store: LoginGuardStore; redis: RedisStatus | null; close(): Promise<void> };

/** The database's store for login counters: PostgreSQL, else (embedded, one process) memory. */
function durableStore(config: Config, log: Logger): { store: DurableStore; close(): Promise<void> } {
  if (config.databaseUrl) {
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 2 });
    pool.on('error', (error) => log.error({ err: error }, 'login-throttle pool error'));
    return { store: { kind: 'postgres', pool }, close: () => pool.end() };
  }
  return { store: { kind: 'memory' }, close: async () => undefined };
}

/**
 * Where login counters live: Redis if configured, else PostgreSQL, else (embedded) memory. With
 * Redis, the database store is its insurance: Redis down (at start or later) degrades to it
 * instead of failing every login.
 */
async function loginGuardStore(config: Config, log: Logger): Promise<GuardStore> {
  const durable = durableStore(config, log);
  if (!config.redisUrl) return { store: durable.store, redis: null, close: durable.close };
  // No offline queue and a command timeout: a command fails at once (and the insurance store
  // answers) instead of waiting for a reconnect; ioredis keeps reconnecting in the background.
  const client = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 1000, connectTimeout: 2000 });
  const status = new RedisStatus(client, log, durable.store.kind === 'postgres' ? 'the database' : 'process memory');
  await status.settle(2000);
  return {
    store: { kind: 'redis', client, insurance: durable.store },
    redis: status,
    close: async () => {
      client.disconnect();
      await durable.close();
    },
  };
}

export type CreateAppOptions = { orm?: OrmOverrides; clock?: Clock; log?: Logger; runMigrations?: boolean };

/** Opens the database (and Redis), applies migrations when asked, and wires the shared services. */
export async function createApp(config: Config, options: CreateAppOptions = {}): Promise<AppHandle> {
  const log = options.log ?? createLogger(config);
  const queryLogger = options.orm?.queryLogger ?? (config.dbLogQueries ? (message: string) => log.debug({ sql: message }, 'sql') : undefined);
  const orm: SqlOrm = await openOrm(ormOptions(config, { ...options.orm, queryLogger }));
  let requestOrm: SqlOrm = orm;
  try {
    if (config.databaseAppUrl) {
      // Tenant requests log in as their own role, so even RESET ROLE cannot reach the owner's privileges.
      requestOrm = await openOrm(ormOptions(config, { clientUrl: config.databaseAppUrl, queryLogger }));
    }
    if (options.runMigrations) {
      const applied = await migrate(orm);
      if (applied.length > 0) log.info({ migrations: applied }, `applied ${applied.length} migration(s)`);
    }
    const guard = await loginGuardStore(config, log);
    const mailer = createMailer(config.mail);
    const live = await LiveBus.forOrm(orm, config.databaseUrl, log);
    return {
      config,
      orm,
      requestOrm,
      log,
      clock: options.clock ?? systemClock,
      loginGuard: new LoginGuard(config, guard.store),
      mailer,
      sessions: new SessionCache(config.authCacheSeconds),
      live,
      degraded: () => (guard.redis && !guard.redis.reachable ? ['redis'] : []),
      orgConcurrency: new OrgConcurrencyLimiter({
        maxConcurrent: config.orgMaxConcurrentOperations,
        maxQueued: config.orgMaxQueuedOperations,
        queueTimeoutMs: config.orgQueueTimeoutMs,
      }),
      close: async () => {
        mailer?.close();
        await live.close();
        await guard.close();
        if (requestOrm !== orm) await requestOrm.close();
        await orm.close();
      },
    };
  } catch (error) {
    if (requestOrm !== orm) await requestOrm.close();
    await orm.close();
    throw error;
  }
}
