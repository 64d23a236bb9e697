import { Redis } from 'ioredis';
import pg from 'pg';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import type { AppServices } from './context.js';
import { migrate, openOrm, ormOptions, type OrmOverrides, type SqlOrm } from './db/orm.js';
import { LoginGuard, type LoginGuardStore } from './modules/core/login-guard.js';
import { type Clock, systemClock } from './shared/clock.js';
import { OrgConcurrencyLimiter } from './shared/org-concurrency.js';

export type AppHandle = AppServices & { close(): Promise<void> };

export function createLogger(config: Pick<Config, 'logLevel' | 'isProduction'>): Logger {
  return pino({
    level: config.logLevel,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token'], censor: '[redacted]' },
  });
}

/** Where login counters live: Redis if configured, else PostgreSQL, else (embedded) memory. */
async function loginGuardStore(config: Config, log: Logger): Promise<{ store: LoginGuardStore; close(): Promise<void> }> {
  if (config.redisUrl) {
    const client = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: false });
    client.on('error', (error) => log.error({ err: error }, 'redis error'));
    await client.connect();
    return { store: { kind: 'redis', client }, close: async () => void (await client.quit()) };
  }
  if (config.databaseUrl) {
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 2 });
    pool.on('error', (error) => log.error({ err: error }, 'login-throttle pool error'));
    return { store: { kind: 'postgres', pool }, close: () => pool.end() };
  }
  return { store: { kind: 'memory' }, close: async () => undefined };
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
    return {
      config,
      orm,
      requestOrm,
      log,
      clock: options.clock ?? systemClock,
      loginGuard: new LoginGuard(config, guard.store),
      orgConcurrency: new OrgConcurrencyLimiter({
        maxConcurrent: config.orgMaxConcurrentOperations,
        maxQueued: config.orgMaxQueuedOperations,
        queueTimeoutMs: config.orgQueueTimeoutMs,
      }),
      close: async () => {
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
