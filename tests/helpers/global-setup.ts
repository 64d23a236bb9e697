import 'reflect-metadata';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate, openOrm, ormOptions } from '../../src/db/orm.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PostgreSQL: URL of a migrated template database each test file copies. */
    templateDatabaseUrl: string | null;
    /** PGlite: path of a migrated data-dir dump each test file loads. */
    pgliteDumpPath: string | null;
  }
}

const config = { databaseUrl: undefined, pgliteDataDir: '', dbPoolMax: 2 };

/** Login role tests use for DATABASE_APP_URL on PostgreSQL. */
export const TEST_APP_LOGIN = 'simplycrm_api_test';

/** Migrates once; every test file then gets its own copy (PostgreSQL template or PGlite dump). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const template = new URL(url);
    template.pathname = `/${template.pathname.slice(1) || 'simplycrm_test'}_template`;
    const templateName = template.pathname.slice(1);
    await withAdmin(url, async (client) => {
      await client.query(`drop database if exists "${templateName}" with (force)`);
      await client.query(`create database "${templateName}"`);
    });
    const orm = await openOrm(ormOptions(config, { clientUrl: template.toString() }));
    await migrate(orm);
    await orm.close();
    // A login for tenant requests (DATABASE_APP_URL), as production would create it.
    await withAdmin(url, (client) =>
      client.query(`do $$ begin
        if not exists (select 1 from pg_roles where rolname = '${TEST_APP_LOGIN}') then create role ${TEST_APP_LOGIN} login in role simplycrm_app; end if;
      exception when duplicate_object or unique_violation then null; end $$`),
    );
    project.provide('templateDatabaseUrl', template.toString());
    project.provide('pgliteDumpPath', null);
    return async () => {
      await withAdmin(url, (client) => client.query(`drop database if exists "${templateName}" with (force)`));
    };
  }
  const db = await PGlite.create();
  const orm = await openOrm(ormOptions(config, { pglite: db }));
  await migrate(orm);
  await orm.close();
  const dir = await mkdtemp(join(tmpdir(), 'simplycrm-test-'));
  const path = join(dir, 'migrated.tar');
  await writeFile(path, Buffer.from(await (await db.dumpDataDir('none')).arrayBuffer()));
  await db.close();
  project.provide('templateDatabaseUrl', null);
  project.provide('pgliteDumpPath', path);
  return () => rm(dir, { recursive: true, force: true });
}

/** Runs statements on the server's maintenance database (`postgres`). */
export async function withAdmin<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
