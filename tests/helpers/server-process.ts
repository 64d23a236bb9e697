import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import { withAdmin } from './global-setup.js';
import { freePort } from './redis-server.js';

/** Compiles the server once per test file (`npm start` runs the same build). */
export function buildServerOnce(): void {
  const result = spawnSync('npm', ['run', '-s', 'build'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`build failed:\n${result.stdout}${result.stderr}`);
}

export type ServerProcess = {
  child: ChildProcess;
  port: number;
  dir: string;
  /** stdout and stderr lines so far (pino JSON lines and plain text). */
  lines: string[];
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Resolves once a line (already printed or still to come) matches. */
  waitForLine(pattern: RegExp): Promise<string>;
  /** Resolves once `check` holds, re-checked on every line printed. */
  until(check: () => boolean): Promise<void>;
  /** pino messages (`msg`) so far. */
  messages(): string[];
  cleanup(): Promise<void>;
};

/** Runs `node dist/src/main.js` with `env` (no inherited DATABASE_URL/REDIS_URL); does not wait for it to listen. */
export function runServer(env: Record<string, string>, dir: string, port = 0): ServerProcess {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !['DATABASE_URL', 'DATABASE_APP_URL', 'REDIS_URL', 'NODE_ENV', 'PGLITE_DATA_DIR'].includes(key)),
  ) as Record<string, string>;
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    env: { ...base, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const checks: { check: () => boolean; resolve: () => void }[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line) continue;
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.pattern.test(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
    for (const pending of [...checks]) {
      if (pending.check()) {
        checks.splice(checks.indexOf(pending), 1);
        pending.resolve();
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    port,
    dir,
    lines,
    exited,
    waitForLine(pattern) {
      const seen = lines.find((line) => pattern.test(line));
      if (seen) return Promise.resolve(seen);
      return new Promise<string>((resolve, reject) => {
        waiters.push({ pattern, resolve });
        void exited.then((code) => reject(new Error(`server exited (${code}) before printing ${pattern}:\n${lines.join('\n')}`)));
      });
    },
    until(check) {
      if (check()) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        checks.push({ check, resolve });
        void exited.then((code) => reject(new Error(`server exited (${code}) while waiting:\n${lines.join('\n')}`)));
      });
    },
    messages: () =>
      lines.flatMap((line) => {
        try {
          return [String(JSON.parse(line).msg)];
        } catch {
          return [];
        }
      }),
    async cleanup() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts the built server on this test file's own copy of the migrated database (a PGlite data
 * directory from the test dump, or a PostgreSQL database from the template) and waits until it listens.
 */
export async function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess & { dropDatabase(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'simplycrm-server-'));
  const port = await freePort();
  const templateUrl = inject('templateDatabaseUrl');
  let databaseEnv: Record<string, string>;
  let dropDatabase = async () => undefined;
  if (templateUrl) {
    const url = new URL(templateUrl);
    const name = `${url.pathname.slice(1).replace(/_template$/, '')}_${randomBytes(4).toString('hex')}`;
    await withAdmin(templateUrl, (client) => client.query(`create database "${name}" template "${url.pathname.slice(1)}"`));
    url.pathname = `/${name}`;
    databaseEnv = { DATABASE_URL: url.toString() };
    dropDatabase = async () => void (await withAdmin(templateUrl, (client) => client.query(`drop database if exists "${name}" with (force)`)));
  } else {
    const dump = await readFile(inject('pgliteDumpPath') as string);
    const db = await PGlite.create({ dataDir: join(dir, 'pglite'), loadDataDir: new Blob([dump]) });
    await db.close();
    databaseEnv = { PGLITE_DATA_DIR: join(dir, 'pglite') };
  }
  const server = runServer({ SEED_DEMO: 'false', DEMO_LOGIN_FILE: join(dir, 'demo-login.txt'), ...databaseEnv, ...env }, dir, port);
  await server.waitForLine(/SimplyCRM GraphQL API at/);
  return { ...server, dropDatabase };
}
