import type { EntityManager } from '@mikro-orm/sql';
import type { Context } from '../../context.js';
import { principalOf } from '../../shared/context-access.js';
import { notFound } from '../../shared/errors.js';
import { isUuid } from '../../shared/ids.js';
import { InputCheck } from '../../shared/input-check.js';
import { type Connection, type ConnectionArgs, paginate } from '../../shared/pagination.js';
import { inTransaction, systemEm } from '../../shared/transaction.js';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import { checkPassword } from './auth.service.js';
import { hashPassword, verifyPassword } from './password.js';
import { PasswordResetToken } from './password-reset-token.entity.js';
import { PersonalToken } from './personal-token.entity.js';
import { User } from './user.entity.js';

/** The caller's tokens that still work, newest first (row-level security shows a user only their own). */
export function listMyTokens(ctx: Context, args: ConnectionArgs): Promise<Connection<PersonalToken>> {
  const where = { user: principalOf(ctx).user.id, revokedAt: null, expiresAt: { $gt: ctx.services.clock.now() } };
  return paginate(ctx.em, PersonalToken, where, args, { createdAt: 'desc', id: 'desc' });
}

/** Revokes one of the caller's tokens (the request's own when `tokenId` is omitted); another user's token is NOT_FOUND. */
export async function revokeToken(ctx: Context, tokenId: string | null | undefined): Promise<string> {
  const principal = principalOf(ctx);
  const id = tokenId ?? principal.tokenId;
  if (!isUuid(id)) throw notFound('Token', id);
  const token = await ctx.em.findOne(PersonalToken, { id, user: principal.user.id }, { fields: ['id', 'revokedAt'] });
  if (!token) throw notFound('Token', id);
  if (!token.revokedAt) await ctx.em.nativeUpdate(PersonalToken, { id }, { revokedAt: ctx.services.clock.now() });
  return id;
}

/** Ends every way into the account but `keepTokenId`: personal tokens and unused reset tokens (inside the caller's transaction). */
export async function revokeCredentials(tx: EntityManager, userId: string, now: Date, keepTokenId?: string): Promise<number> {
  const revoked = await tx.nativeUpdate(
    PersonalToken,
    { user: userId, revokedAt: null, ...(keepTokenId ? { id: { $ne: keepTokenId } } : {}) },
    { revokedAt: now },
  );
  await tx.nativeUpdate(PasswordResetToken, { user: userId, usedAt: null }, { usedAt: now });
  return revoked;
}

/**
 * Changes the caller's password after checking the current one through the login guard (a stolen
 * token must not become a password-guessing oracle), and revokes the caller's other tokens. A
 * system operation: the request role cannot write password hashes.
 */
export async function changePassword(ctx: Context, input: { currentPassword: string; newPassword: string }): Promise<{ revokedTokens: number }> {
  const principal = principalOf(ctx);
  const check = checkPassword(new InputCheck(), 'newPassword', input.newPassword);
  if (input.newPassword && input.newPassword === input.currentPassword) {
    check.fail('newPassword', UserErrorCode.INVALID, 'newPassword must differ from the current password');
  }
  check.done();
  const { loginGuard: guard, clock } = ctx.services;
  const username = principal.user.username;
  const verdict = await guard.admit(username, ctx.ip);
  if (!verdict.ok) {
    throw PayloadError.of(UserErrorCode[verdict.reason], 'currentPassword', 'Too many wrong passwords; try again later', verdict.retryAfterSeconds);
  }
  const em = systemEm(ctx);
  const user = await em.findOneOrFail(User, { id: principal.user.id }, { populate: ['passwordHash'] });
  if (!(await verifyPassword(input.currentPassword ?? '', user.passwordHash))) {
    await guard.recordFailure(username, ctx.ip);
    throw PayloadError.of(UserErrorCode.INVALID_CREDENTIALS, 'currentPassword', 'The current password is wrong');
  }
  await guard.recordSuccess(username, ctx.ip);
  const passwordHash = await hashPassword(input.newPassword);
  return inTransaction(em, async (tx) => {
    await tx.nativeUpdate(User, { id: user.id }, { passwordHash });
    return { revokedTokens: await revokeCredentials(tx, user.id, clock.now(), principal.tokenId) };
  });
}
