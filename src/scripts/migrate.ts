/** `npm run db:migrate`: applies pending migrations to DATABASE_URL (or the embedded database). */
import 'reflect-metadata';
import { mkdir } from 'node:fs/promises';
import { loadConfig } from '../config.js';
import { migrate, openOrm, ormOptions } from '../db/orm.js';
import { checkDatabase, DatabaseSetupError } from '../db/preflight.js';

const config = loadConfig();
if (!config.databaseUrl) await mkdir(config.pgliteDataDir, { recursive: true });
try {
  await checkDatabase(config);
} catch (error) {
  if (!(error instanceof DatabaseSetupError)) throw error;
  console.error(`Database error: ${error.message}`);
  process.exit(1);
}
const orm = await openOrm(ormOptions(config));
try {
  const applied = await migrate(orm);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
} finally {
  await orm.close();
}
