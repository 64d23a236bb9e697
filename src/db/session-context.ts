import { AsyncLocalStorage } from 'node:async_hooks';
import { PostgreSqlConnection } from '@mikro-orm/postgresql';
import { AbstractSqlConnection } from '@mikro-orm/sql';
import { CompiledQuery, type DatabaseConnection, type Dialect, type Driver, type TransactionSettings } from 'kysely';
import { AppError } from '../shared/errors.js';

/**
 * The request's tenant context in one statement, sent with the transaction's start.
 *
 * MikroORM applies a session context at `begin` as two statements after the `begin` itself
 * (`select set_config(…)` and `set local role …`): three round trips before the first query. Here
 * the role is one more `set_config('role', …, true)` (what `SET LOCAL ROLE` sets), so the context
 * is one statement; and on PostgreSQL that statement travels with the `begin` in one simple-query
 * message (`begin; select set_config(…)`), so a transaction is ready after one round trip. PGlite
 * runs in-process (no round trips), so there it stays two statements.
 *
 * The same statement can check that a cached session is still what it was (`SESSION_CHECK`):
 * `simplycrm_check_session(token, version, organization, features)` raises SQLSTATE SC401 when the
 * token was revoked, its user deactivated or changed (memberships, roles, superuser:
 * `users.auth_version`), or the organization's plan features changed (its subscription row, or any
 * plan or feature: `simplycrm_features_version`) since they were cached. That
 * is what keeps the per-process principal cache (context.ts) from outliving a revocation: every
 * transaction of a request re-checks, in the statement it sends anyway.
 */

/** Session variable carrying `tokenId/authVersion/organizationId/featuresVersion` to check (empty parts are not checked). Never set as a setting. */
export const SESSION_CHECK = 'simplycrm.session_check';
/** The SQLSTATE `simplycrm_check_session` raises. */
export const STALE_SESSION_CODE = 'SC401';

/** A cached session that no longer holds: the request re-authenticates (or, mid-request, fails as UNAUTHENTICATED). */
export class StaleSessionError extends AppError {
  constructor() {
    super('UNAUTHENTICATED', 'Your session changed (token revoked, user deactivated, or memberships changed): authenticate again');
  }
}

type SessionContext = { role?: string; variables?: Record<string, unknown> };

const quote = (value: string) => {
  if (value.includes('\0')) throw new Error('session variable contains a NUL character');
  return `'${value.replaceAll("'", "''")}'`;
};
const stringify = (value: unknown) => (value instanceof Date ? value.toISOString() : String(value));

/** The context as one `select`: settings, then the role, then the session check; values inlined (they are the server's own). */
export function sessionContextSql(context: SessionContext): string | undefined {
  const parts: string[] = [];
  let check: string | undefined;
  for (const [key, value] of Object.entries(context.variables ?? {})) {
    if (key === SESSION_CHECK) check = stringify(value);
    // A read-write transaction needs no setting (and after the first snapshot PostgreSQL refuses one).
    else if (key === 'transaction_read_only' && stringify(value) !== 'on') continue;
    else parts.push(`set_config(${quote(key)}, ${quote(stringify(value))}, true)`);
  }
  if (context.role) parts.push(`set_config('role', ${quote(context.role)}, true)`);
  if (check) {
    const [token, version, organization, features] = check.split('/');
    const arg = (v: string | undefined, type: string) => (v ? `${quote(v)}::${type}` : `null::${type}`);
    parts.push(`simplycrm_check_session(${arg(token, 'uuid')}, ${arg(version, 'integer')}, ${arg(organization, 'uuid')}, ${arg(features, 'text')})`);
  }
  return parts.length > 0 ? `select ${parts.join(', ')}` : undefined;
}

const isStale = (error: unknown) => (error as { code?: string } | null)?.code === STALE_SESSION_CODE;

/** The context statement waiting to be sent with the next `begin` (PostgreSQL only), and how sending it failed. */
const pendingContext = new AsyncLocalStorage<{ sql: string; error?: unknown }>();

function fusedBegin(driver: Driver): Driver {
  const beginTransaction = driver.beginTransaction.bind(driver);
  driver.beginTransaction = async (connection: DatabaseConnection, settings: TransactionSettings) => {
    const pending = pendingContext.getStore();
    if (!pending) return beginTransaction(connection, settings);
    const begin = settings.accessMode === 'read only' ? 'start transaction read only' : 'begin';
    try {
      await connection.executeQuery(CompiledQuery.raw(`${begin}; ${pending.sql}`));
    } catch (error) {
      // Not thrown from here: Kysely would keep the connection reserved. `begin` below rolls the
      // transaction back through Kysely, which gives the connection back to the pool.
      pending.error = error;
    }
  };
  return driver;
}

let installed = false;

/** Makes both drivers apply session contexts as described above. Idempotent. */
export function installSessionContext(): void {
  if (installed) return;
  installed = true;
  const base = AbstractSqlConnection.prototype as unknown as {
    applySessionContext(this: AbstractSqlConnection, trx: unknown, context: SessionContext, loggerContext?: unknown): Promise<void>;
    execute(this: AbstractSqlConnection, sql: string, params: unknown[], method: string, trx: unknown, loggerContext?: unknown): Promise<unknown>;
  };
  base.applySessionContext = async function (trx, context, loggerContext) {
    const sql = sessionContextSql(context);
    if (!sql) return;
    try {
      await base.execute.call(this, sql, [], 'run', trx, loggerContext);
    } catch (error) {
      throw isStale(error) || isStale((error as { cause?: unknown }).cause) ? new StaleSessionError() : error;
    }
  };

  const pg = PostgreSqlConnection.prototype as unknown as {
    createKyselyDialect(this: PostgreSqlConnection, overrides?: unknown): Dialect;
    begin(this: PostgreSqlConnection, options?: { ctx?: unknown; sessionContext?: SessionContext; loggerContext?: unknown }): Promise<unknown>;
    logQuery(this: PostgreSqlConnection, sql: string, loggerContext?: never): void;
  };
  const createKyselyDialect = pg.createKyselyDialect;
  pg.createKyselyDialect = function (overrides) {
    const dialect = createKyselyDialect.call(this, overrides);
    const createDriver = dialect.createDriver.bind(dialect);
    dialect.createDriver = () => fusedBegin(createDriver());
    return dialect;
  };
  const begin = pg.begin;
  pg.begin = async function (options = {}) {
    const sql = !options.ctx && options.sessionContext ? sessionContextSql(options.sessionContext) : undefined;
    if (!sql) return begin.call(this, options);
    const pending: { sql: string; error?: unknown } = { sql };
    const trx = (await pendingContext.run(pending, () => begin.call(this, { ...options, sessionContext: undefined }))) as {
      rollback(): { execute(): Promise<void> };
    };
    // Sent with the `begin` (one round trip), counted as the statement it is.
    this.logQuery(sql, options.loggerContext as never);
    if (pending.error !== undefined) {
      await trx.rollback().execute();
      this.logQuery('rollback', options.loggerContext as never);
      throw isStale(pending.error) ? new StaleSessionError() : pending.error;
    }
    return trx;
  };
}
