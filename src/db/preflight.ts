import pg from 'pg';
import type { Config } from '../config.js';

/** Start-up could not use the configured database; the message names the setting to check (never its password). */
export class DatabaseSetupError extends Error {
  override name = 'DatabaseSetupError';
}

type Target = { setting: 'DATABASE_URL' | 'DATABASE_APP_URL'; url: URL };

const where = ({ url }: Target) => `${url.hostname || 'localhost'}:${url.port || '5432'}`;
const databaseOf = ({ url }: Target) => decodeURIComponent(url.pathname.slice(1)) || decodeURIComponent(url.username) || 'postgres';
const userOf = ({ url }: Target) => decodeURIComponent(url.username) || 'the default user';

const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is PostgreSQL running there?)',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name could not be resolved',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
};

function codeOf(error: unknown): string | undefined {
  const direct = (error as { code?: string } | null)?.code;
  if (direct) return direct;
  // Node reports a host with several addresses (localhost: ::1 and 127.0.0.1) as an AggregateError.
  const inner = (error as { errors?: unknown[] } | null)?.errors;
  return Array.isArray(inner) ? codeOf(inner[0]) : undefined;
}

/** Turns a failed connection into a sentence naming what failed and which setting to check. */
export function describeConnectionError(target: Target, error: unknown): string {
  const code = codeOf(error);
  const reason = (code && UNREACHABLE[code]) ?? (/timeout/i.test(String((error as Error)?.message)) ? 'connection timed out' : undefined);
  if (reason) return `Cannot connect to PostgreSQL at ${where(target)} (from ${target.setting}): ${reason}. Check ${target.setting}.`;
  if (code === '28P01' || code === '28000') {
    return `PostgreSQL at ${where(target)} refused the login of ${userOf(target)} (${code === '28P01' ? 'wrong password' : 'not allowed'}). Check the user and password in ${target.setting}.`;
  }
  if (code === '3D000') return missingDatabase(target);
  const message = error instanceof Error ? error.message : String(error);
  return `PostgreSQL at ${where(target)} (from ${target.setting}) failed: ${message}. Check ${target.setting}.`;
}

function missingDatabase(target: Target): string {
  const name = databaseOf(target);
  return (
    `Database "${name}" does not exist on PostgreSQL at ${where(target)} (from ${target.setting}). ` +
    `Check the name in ${target.setting}, or create it: start once with DB_CREATE=true, run \`npm run cli -- create-database\`, ` +
    `or \`createdb -h ${target.url.hostname || 'localhost'} -p ${target.url.port || '5432'} ${name}\`.`
  );
}

async function tryConnect(target: Target): Promise<unknown> {
  const client = new pg.Client({ connectionString: target.url.toString(), connectionTimeoutMillis: 5000 });
  // A failed connect can also emit 'error'; the rejection below is what we report.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return null;
  } catch (error) {
    return error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates the database DATABASE_URL names, from the server's maintenance database; true when it was created. */
export async function createDatabase(config: Pick<Config, 'databaseUrl'>): Promise<boolean> {
  if (!config.databaseUrl) throw new DatabaseSetupError('create-database needs DATABASE_URL (the embedded database creates itself).');
  const target: Target = { setting: 'DATABASE_URL', url: new URL(config.databaseUrl) };
  const error = await tryConnect(target);
  if (!error) return false;
  if (codeOf(error) !== '3D000') throw new DatabaseSetupError(describeConnectionError(target, error));
  const maintenance = new URL(target.url);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString(), connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query(`create database "${databaseOf(target).replaceAll('"', '""')}"`);
    return true;
  } catch (cause) {
    throw new DatabaseSetupError(describeConnectionError({ ...target, url: maintenance }, cause));
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Before the ORM opens PostgreSQL: checks DATABASE_URL (and DATABASE_APP_URL) answer and the
 * database exists. A missing database is created only with DB_CREATE=true, so a mistyped name
 * stops start-up with its name instead of starting on a new, empty database. Returns what it did.
 */
export async function checkDatabase(config: Pick<Config, 'databaseUrl' | 'databaseAppUrl' | 'dbCreate'>): Promise<'ok' | 'created'> {
  if (!config.databaseUrl) return 'ok';
  const owner: Target = { setting: 'DATABASE_URL', url: new URL(config.databaseUrl) };
  const error = await tryConnect(owner);
  let outcome: 'ok' | 'created' = 'ok';
  if (error) {
    if (codeOf(error) !== '3D000' || !config.dbCreate) throw new DatabaseSetupError(describeConnectionError(owner, error));
    outcome = (await createDatabase(config)) ? 'created' : 'ok';
  }
  if (config.databaseAppUrl) {
    const app: Target = { setting: 'DATABASE_APP_URL', url: new URL(config.databaseAppUrl) };
    const appError = await tryConnect(app);
    if (appError) throw new DatabaseSetupError(describeConnectionError(app, appError));
  }
  return outcome;
}
