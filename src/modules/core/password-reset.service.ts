import { createHash } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { Context } from '../../context.js';
import { InputCheck } from '../../shared/input-check.js';
import { inTransaction, systemEm } from '../../shared/transaction.js';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import { revokeCredentials } from './account.service.js';
import { checkPassword } from './auth.service.js';
import { normalizeEmail } from './invitation.service.js';
import { passwordResetMail } from './mailer.js';
import { hashPassword } from './password.js';
import { PasswordResetToken } from './password-reset-token.entity.js';
import { generateToken, hashToken, PASSWORD_RESET_TOKEN_PREFIX } from './token.js';
import { User } from './user.entity.js';

/** Accounts one address may reset at once (e-mail addresses are not unique across users). */
const MAX_ACCOUNTS_PER_ADDRESS = 10;

/**
 * Issues a single-use reset token for each active user with this address and e-mails it. The
 * answer is the same whether or not there is such a user: counted by the same rate limits, and
 * the e-mails are sent after the answer (awaiting them would make it slower for real accounts).
 * A failed send is logged, never reported (that would tell the caller the address has an account).
 */
export async function requestPasswordReset(ctx: Context, input: { email: string }): Promise<void> {
  new InputCheck().email('email', input.email).done();
  const { mailer, config, clock, loginGuard } = ctx.services;
  if (!mailer) {
    throw PayloadError.of(
      UserErrorCode.NOT_CONFIGURED,
      null,
      'This server sends no e-mail (no SMTP_URL): ask an administrator to reset your password (npm run cli -- reset-password <username>)',
    );
  }
  const email = normalizeEmail(input.email);
  // Hashed: the key must fit the throttle store's column whatever the address.
  const verdict = await loginGuard.admitPasswordReset(ctx.ip, createHash('sha256').update(email).digest('hex'));
  if (!verdict.ok) throw PayloadError.of(UserErrorCode.RATE_LIMITED, null, 'Too many password-reset requests; try later', verdict.retryAfterSeconds);
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + config.passwordResetTtlSeconds * 1000);
  const issued = await inTransaction(systemEm(ctx), async (tx) => {
    const users = await tx.execute<{ id: string; username: string; email: string }[]>(
      'select id, username, email from users where lower(email) = ? and is_active order by created_at limit ?',
      [email, MAX_ACCOUNTS_PER_ADDRESS],
    );
    const tokens = users.map((user) => {
      const { token, hash } = generateToken(PASSWORD_RESET_TOKEN_PREFIX);
      tx.create(PasswordResetToken, { user: user.id, tokenHash: hash, expiresAt });
      return { user, token };
    });
    await tx.flush();
    return tokens;
  });
  for (const { user, token } of issued) {
    const message = passwordResetMail({ to: user.email, username: user.username, token, expiresAt, publicUrl: config.publicUrl });
    mailer.send(message).catch((error) => ctx.log.warn({ err: error, userId: user.id }, 'password-reset e-mail could not be sent'));
  }
}

/** Sets a user's password and ends every token and pending reset of theirs (inside the caller's transaction). */
export async function setPassword(tx: EntityManager, userId: string, passwordHash: string, now: Date): Promise<void> {
  await tx.nativeUpdate(User, { id: userId }, { passwordHash });
  await revokeCredentials(tx, userId, now);
}

/** Uses a reset token once: it must be unused, unexpired and its user active. The token is checked before the (costly) password hash is made. */
export async function resetPassword(ctx: Context, input: { token: string; newPassword: string }): Promise<void> {
  checkPassword(new InputCheck(), 'newPassword', input.newPassword).done();
  const em = systemEm(ctx);
  const tokenHash = hashToken(input.token?.trim() ?? '');
  const invalid = () => PayloadError.of(UserErrorCode.INVALID_TOKEN, 'token', 'This reset token is unknown, expired or already used');
  const usable = async (tx: EntityManager, lock: boolean) => {
    const row = await tx.findOne(PasswordResetToken, { tokenHash }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
    if (!row || row.usedAt || row.expiresAt <= ctx.services.clock.now()) return null;
    return (await tx.count(User, { id: row.user.id, isActive: true })) ? row : null;
  };
  if (!(await usable(em.fork(), false))) throw invalid();
  const passwordHash = await hashPassword(input.newPassword);
  await inTransaction(em, async (tx) => {
    const row = await usable(tx, true);
    if (!row) throw invalid();
    await setPassword(tx, row.user.id, passwordHash, ctx.services.clock.now());
  });
}
