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
