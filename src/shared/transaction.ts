import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { Context } from '../context.js';
import { PayloadError, UserErrorCode } from './user-error.js';

/**
 * Runs a multi-step write in its own (nested) transaction on a clean identity map: entities it
 * loads and changes live only in that fork, so a failure leaves nothing behind that a later flush
 * of the request could write.
 */
export function inTransaction<T>(em: EntityManager, run: (tx: EntityManager) => Promise<T>): Promise<T> {
  return em.transactional(run, { clear: true });
}

/**
 * The database owner's EntityManager, for system operations only (sign-in, sign-up, platform
 * administration). Refused inside tenant operations: those must stay in the restricted role's
 * transaction (and on PGlite a second transaction would wait for the first forever).
 */
export function systemEm(ctx: Context): EntityManager {
  if (ctx.mode !== 'system') throw new Error('systemEm() used outside a system operation');
  const em = ctx.services.orm.em.fork();
  const { dbStatementTimeoutMs, dbIdleInTransactionTimeoutMs } = ctx.services.config;
  // The owner's role, with the same per-transaction limits as tenant requests.
  em.setSessionContext({
    variables: { statement_timeout: String(dbStatementTimeoutMs), idle_in_transaction_session_timeout: String(dbIdleInTransactionTimeoutMs) },
  });
  return em;
}

/** Flushes, turning a unique-constraint violation into an ALREADY_EXISTS payload error on `field`. */
export async function flushUnique(em: EntityManager, field: string, message: string): Promise<void> {
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw PayloadError.of(UserErrorCode.ALREADY_EXISTS, field, message);
    throw error;
  }
}

/**
 * Ends the request's transaction early, committing what it did so far. For an operation that
 * then waits on something slow outside the database (the assistant's model): no connection is
 * held meanwhile, and on PGlite, whose single connection serves one transaction at a time, other
 * requests are not blocked. Until `reopenRequestTransaction`, every read must go through
 * `inReadOnlyTransaction` (row-level security is applied per transaction).
 */
export async function releaseRequestTransaction(ctx: Context): Promise<void> {
  if (!ctx.em.isInTransaction()) return;
  ctx.em.clear();
  await ctx.em.commit();
}

/** Opens the request's transaction again, so the rest of the operation resolves under row-level security; the transaction plugin ends it. */
export async function reopenRequestTransaction(ctx: Context): Promise<void> {
  if (!ctx.em.isInTransaction()) await ctx.em.begin();
}

/**
 * Runs reads on the request's EntityManager in a read-only transaction of their own (row-level
 * security applied as for the request), always rolled back: nothing run inside can write.
 */
export async function inReadOnlyTransaction<T>(ctx: Context, run: () => Promise<T>): Promise<T> {
  if (ctx.em.isInTransaction()) throw new Error('inReadOnlyTransaction() used while the request transaction is open');
  await ctx.em.begin();
  try {
    // Not `begin({ readOnly: true })`: the PGlite driver ignores the access mode. PostgreSQL allows
    // switching a transaction to read-only after its first statement (the session context).
    await ctx.em.execute('set transaction read only');
    return await run();
  } finally {
    await ctx.em.rollback();
  }
}

/** Runs writes on the request's EntityManager in a short transaction of their own (row-level security applied), committed at once. */
export async function inShortTransaction<T>(ctx: Context, run: () => Promise<T>): Promise<T> {
  if (ctx.em.isInTransaction()) throw new Error('inShortTransaction() used while the request transaction is open');
  await ctx.em.begin();
  try {
    const result = await run();
    await ctx.em.commit();
    return result;
  } catch (error) {
    await ctx.em.rollback();
    throw error;
  }
}
