import { stat, readFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { checkDatabase } from '../../src/db/preflight.js';
import { withAdmin } from '../helpers/global-setup.js';
import { freePort } from '../helpers/redis-server.js';
import { buildServerOnce, runServer, type ServerProcess, startServerProcess } from '../helpers/server-process.js';

const templateUrl = inject('templateDatabaseUrl');

describe('start-up of the real server process', () => {
  let server: (ServerProcess & { dropDatabase?(): Promise<void> }) | undefined;
  beforeAll(() => buildServerOnce(), 120_000);
  afterEach(async () => {
    await server?.cleanup();
    await server?.dropDatabase?.();
    server = undefined;
  });

  it('says which setting to check when PostgreSQL is not running, without a stack or the password, and exits 1', async () => {
    const port = await freePort();
    server = runServer({ DATABASE_URL: `postgres://owner:s3cret-pw@127.0.0.1:${port}/simplycrm` }, await mkdtemp(join(tmpdir(), 'simplycrm-start-')));
    const code = await server.exited;
    const output = server.lines.join('\n');
    expect(code).toBe(1);
    expect(output).toContain(`Database error: Cannot connect to PostgreSQL at 127.0.0.1:${port} (from DATABASE_URL): connection refused`);
    expect(output).toContain('Check DATABASE_URL');
    expect(output).not.toContain('s3cret-pw');
    expect(output).not.toMatch(/node_modules|pg-pool|kysely|ECONNREFUSED/);
  });

  it('reports every bad setting at once and exits 1', async () => {
    server = runServer(
      { PORT: 'abc', LOG_LEVEL: 'loud', LOGIN_RATE: 'fast', PUBLIC_URL: 'https://crm.example.com/app' },
      await mkdtemp(join(tmpdir(), 'simplycrm-start-')),
    );
    expect(await server.exited).toBe(1);
    const output = server.lines.join('\n');
    expect(output).toContain('Configuration errors (4):');
    for (const name of ['PORT', 'LOG_LEVEL', 'LOGIN_RATE', 'PUBLIC_URL']) expect(output).toContain(`  ${name} must`);
  });

  it('seeds the demo in production saying what it is doing, with the password only in a 0600 file', async () => {
    server = await startServerProcess({ NODE_ENV: 'production', SEED_DEMO: 'true' });
    const file = join(server.dir, 'demo-login.txt');
    const saved = await readFile(file, 'utf8');
    const password = /^password: (.+)$/m.exec(saved)![1];
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const output = server.lines.join('\n');
    expect(output).not.toContain(password);
    expect(output).toContain(`Demo data seeded. Sign in with obtainToken as "demo" in organization "demo"; the password is in ${file}`);
    // and start-up says what it is doing, step by step
    const messages = server.messages();
    const opening = templateUrl
      ? [/^Connecting to PostgreSQL \(DATABASE_URL\): done in \d+\.\ds$/, /^Opening the database and applying pending migrations: done in \d+\.\ds$/]
      : [
          /^Opening the embedded PGlite database in .*applying pending migrations\.\.\.$/,
          /^Opening the embedded PGlite database .*: done in \d+\.\ds$/,
        ];
    const steps = [
      ...opening,
      /^Seeding demo data: organization, demo user and subscription\.\.\.$/,
      /^Seeding demo data: catalog/,
      /^Seeding demo data: sales: orders, shipments, invoices and payments\.\.\.$/,
      /^Seeding demo data: done in \d+\.\ds$/,
      // PGlite runs no autovacuum; PostgreSQL's does this by itself
      ...(templateUrl ? [] : [/^Refreshing planner statistics \(analyze\): done in/]),
      /^SimplyCRM GraphQL API at http:\/\/127\.0\.0\.1:\d+\/graphql, ready in \d+\.\ds$/,
    ];
    const positions = steps.map((step) => messages.findIndex((msg) => step.test(msg)));
    expect(
      positions.every((p) => p >= 0),
      messages.join('\n'),
    ).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  }, 120_000);
});

describe.skipIf(!templateUrl)(`a missing PostgreSQL database${templateUrl ? '' : ' (skipped: needs TEST_DATABASE_URL)'}`, () => {
  const name = `simplycrm_missing_${randomBytes(4).toString('hex')}`;
  const url = () => Object.assign(new URL(templateUrl!), { pathname: `/${name}` }).toString();
  const exists = () =>
    withAdmin(templateUrl!, async (client) => (await client.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1);
  afterEach(() => withAdmin(templateUrl!, (client) => client.query(`drop database if exists "${name}"`)));

  it('is named, with how to create it, and not created', async () => {
    await expect(checkDatabase({ databaseUrl: url(), databaseAppUrl: undefined, dbCreate: false })).rejects.toThrow(
      new RegExp(`Database "${name}" does not exist on PostgreSQL at .* \\(from DATABASE_URL\\).*DB_CREATE=true.*create-database`),
    );
    expect(await exists()).toBe(false);
  });

  it('is created only with DB_CREATE=true', async () => {
    expect(await checkDatabase({ databaseUrl: url(), databaseAppUrl: undefined, dbCreate: true })).toBe('created');
    expect(await exists()).toBe(true);
    expect(await checkDatabase({ databaseUrl: url(), databaseAppUrl: undefined, dbCreate: true })).toBe('ok');
  });
});
