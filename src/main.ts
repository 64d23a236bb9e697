import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { createApp, createLogger } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { checkDatabase, DatabaseSetupError } from './db/preflight.js';
import { demoLoginHint, saveDemoLogin } from './demo/login.js';
import { seedDemo } from './demo/index.js';
import { startJobRuntime } from './jobs.js';
import { buildAppSchema } from './schema.js';
import { buildServer } from './server.js';

const SHUTDOWN_LIMIT_MS = 15_000;

/** Logs `message`, runs `step`, then logs how long it took: start-up takes seconds and should say on what. */
async function timed<T>(log: Logger, message: string, step: () => Promise<T>): Promise<T> {
  const started = performance.now();
  log.info(`${message}...`);
  const result = await step();
  log.info(`${message}: done in ${((performance.now() - started) / 1000).toFixed(1)}s`);
  return result;
}

async function main(): Promise<void> {
  const started = performance.now();
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      const [first, ...more] = error.problems;
      console.error(
        more.length === 0 ? `Configuration error: ${first}` : `Configuration errors (${error.problems.length}):\n  ${error.problems.join('\n  ')}`,
      );
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config);
  const embedded = !config.databaseUrl;
  if (embedded) {
    await mkdir(config.pgliteDataDir, { recursive: true });
  } else {
    const outcome = await timed(log, 'Connecting to PostgreSQL (DATABASE_URL)', () => checkDatabase(config));
    if (outcome === 'created') log.warn('Created the database named in DATABASE_URL (DB_CREATE=true)');
  }
  const fresh = embedded && !existsSync(join(config.pgliteDataDir, 'PG_VERSION'));
  const app = await timed(
    log,
    fresh
      ? `Initialising a new embedded PGlite database in ${config.pgliteDataDir} (no DATABASE_URL; first start only, 10-30s) and applying migrations`
      : embedded
        ? `Opening the embedded PGlite database in ${config.pgliteDataDir} (no DATABASE_URL), applying pending migrations`
        : config.migrateOnStart
          ? 'Opening the database and applying pending migrations'
          : 'Opening the database',
    () => createApp(config, { log, runMigrations: embedded || config.migrateOnStart }),
  );
  if (config.seedDemo) await announceDemo(app.orm.em.fork(), config, log);
  // PGlite runs no autovacuum, so the planner would never get statistics: refresh them on every start
  // (well under a second at demo size), or analytics queries fall back to nested loops over whole tables.
  if (embedded) await timed(log, 'Refreshing planner statistics (analyze)', () => app.orm.em.fork().execute('analyze'));

  const server = await buildServer({ services: app, schema: await buildAppSchema() });
  // Workers in this process unless WORKERS=off (then `npm run worker` runs them; PGlite allows one process only).
  const jobs = config.jobs.workers ? await timed(log, 'Starting job workers (pg-boss)', () => startJobRuntime(app, { work: true })) : null;
  if (!jobs && embedded) log.warn('WORKERS=off on the embedded database: no process runs jobs or schedules (PGlite admits one process)');
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down: answering requests in flight, refusing new ones with 503');
    const timer = setTimeout(() => {
      log.error(`shutdown took longer than ${SHUTDOWN_LIMIT_MS / 1000}s, exiting`);
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    // Answer what was accepted (new requests get 503 + `Connection: close`), then stop listening.
    await server.drain();
    await server.close();
    // Jobs in flight finish (or, past the limit, are retried by whichever worker runs next).
    await jobs?.stop(SHUTDOWN_LIMIT_MS - 5_000);
    await app.close();
    clearTimeout(timer);
    log.info('shut down cleanly');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  const address = await server.listen({ host: config.host, port: config.port });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  log.info(
    `SimplyCRM GraphQL API at ${address}/graphql, ready in ${seconds}s${config.isProduction ? '' : ' (open it in a browser for Apollo Sandbox)'}`,
  );
}

async function announceDemo(em: Parameters<typeof seedDemo>[0], config: Config, log: Logger): Promise<void> {
  const seedStarted = performance.now();
  const login = await seedDemo(em, config.demoPassword, (area) => log.info(`Seeding demo data: ${area}...`));
  if (login) {
    log.info(`Seeding demo data: done in ${((performance.now() - seedStarted) / 1000).toFixed(1)}s`);
    console.log(`\n${await saveDemoLogin(config.demoLoginFile, login, config.demoPassword !== undefined)}\n`);
    return;
  }
  const hint = await demoLoginHint(config.demoLoginFile);
  if (hint) console.log(`\n${hint}\n`);
  else log.info('demo organization already present');
}

main().catch((error) => {
  // Expected start-up failures are one sentence naming the setting; anything else keeps its stack.
  if (error instanceof DatabaseSetupError) console.error(`Database error: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
