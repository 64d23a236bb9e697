import 'reflect-metadata';
import { mkdir } from 'node:fs/promises';
import { createApp, createLogger } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { checkDatabase, DatabaseSetupError } from './db/preflight.js';
import { startJobRuntime } from './jobs.js';

const SHUTDOWN_LIMIT_MS = 30_000;

/**
 * `npm run worker`: the job workers alone (dispatcher, event handlers, schedules), no HTTP. Run one
 * or more beside API processes started with WORKERS=off. SIGTERM lets jobs in flight finish.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config);
  if (config.databaseUrl) await checkDatabase(config);
  else await mkdir(config.pgliteDataDir, { recursive: true });
  const app = await createApp(config, { log, runMigrations: !config.databaseUrl || config.migrateOnStart });
  const jobs = await startJobRuntime(app, { work: true });
  log.info(`SimplyCRM job workers running (${config.jobs.concurrency} workers per queue)`);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'worker shutting down: finishing jobs in flight');
    setTimeout(() => {
      log.error(`worker shutdown took longer than ${SHUTDOWN_LIMIT_MS / 1000}s, exiting`);
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    await jobs.stop(SHUTDOWN_LIMIT_MS - 5_000);
    await app.close();
    log.info('worker shut down cleanly');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  if (error instanceof ConfigError) console.error(`Configuration error${error.problems.length > 1 ? 's' : ''}:\n  ${error.problems.join('\n  ')}`);
  else if (error instanceof DatabaseSetupError) console.error(`Database error: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
