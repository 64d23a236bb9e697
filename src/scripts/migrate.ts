/** `npm run db:migrate`: applies pending migrations to DATABASE_URL (or the embedded database). */
import 'reflect-metadata';
import { mkdir } from 'node:fs/promises';
import { loadConfig } from '../config.js';
import { migrate, openOrm, ormOptions } from '../db/orm.js';

const config = loadConfig();
if (!config.databaseUrl) await mkdir(config.pgliteDataDir, { recursive: true });
const orm = await openOrm(ormOptions(config));
try {
  const applied = await migrate(orm);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
} finally {
  await orm.close();
}
