import 'reflect-metadata';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createApp, createLogger } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { seedDemo } from './modules/core/seed.js';
import { buildAppSchema } from './schema.js';
import { buildServer } from './server.js';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config);
  const embedded = !config.databaseUrl;
  if (embedded) {
    log.info(`No DATABASE_URL: using embedded PGlite in ${config.pgliteDataDir} (first start initialises it, which takes a few seconds)`);
    await mkdir(config.pgliteDataDir, { recursive: true });
  }
  const app = await createApp(config, { log, runMigrations: embedded || config.migrateOnStart });
  if (config.seedDemo) await announceDemo(app.orm.em.fork(), config.pgliteDataDir, embedded, config.demoPassword, log);
  // PGlite runs no autovacuum, so the planner would never get statistics: refresh them on every start
  // (well under a second at demo size), or analytics queries fall back to nested loops over whole tables.
  if (embedded) await app.orm.em.fork().execute('analyze');

  const server = await buildServer({ services: app, schema: await buildAppSchema() });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down: no new connections, draining in-flight requests');
    const timer = setTimeout(() => {
      log.error('shutdown took longer than 15s, exiting');
      process.exit(1);
    }, 15_000).unref();
    await server.close();
    await app.close();
    clearTimeout(timer);
    log.info('shut down cleanly');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  const address = await server.listen({ host: config.host, port: config.port });
  log.info(`SimplyCRM GraphQL API at ${address}/graphql${config.isProduction ? '' : ' (open it in a browser for Apollo Sandbox)'}`);
}

async function announceDemo(
  em: Parameters<typeof seedDemo>[0],
  dataDir: string,
  embedded: boolean,
  password: string | undefined,
  log: ReturnType<typeof createLogger>,
): Promise<void> {
  const file = join(dirname(dataDir), 'demo-login.txt');
  const login = await seedDemo(em, password);
  if (login) {
    const text = `username: ${login.username}\npassword: ${login.password}\norganization: ${login.organization}\n`;
    if (embedded) await writeFile(file, text, { mode: 0o600 });
    console.log(`\nDemo data seeded. Sign in with obtainToken:\n${text}`);
    return;
  }
  const saved = embedded ? await readFile(file, 'utf8').catch(() => null) : null;
  if (saved) console.log(`\nDemo login (from ${file}):\n${saved}`);
  else log.info('demo organization already present');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
