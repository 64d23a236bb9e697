import { randomBytes } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { Context } from '../../context.js';
import { SYSTEM_READ } from '../../db/tenancy.js';
import { InputCheck } from '../../shared/input-check.js';
import { flushUnique, inTransaction, systemEm } from '../../shared/transaction.js';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import { Membership, Role } from './membership.entity.js';
import { Organization } from './organization.entity.js';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password.js';
import { PersonalToken } from './personal-token.entity.js';
import { Subscription, SubscriptionStatus } from './subscription.entity.js';
import { SubscriptionPlan } from './subscription-plan.entity.js';
import { joinByInvitation, pendingInvitation } from './invitation.service.js';
import { attachPlan } from './organization-view.js';
import { generateToken } from './token.js';
import { User } from './user.entity.js';

export type IssuedToken = { token: string; expiresAt: Date; user: User };

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9_.@+-]{2,149}$/;
export const normalizeUsername = (username: string) => username.trim().toLowerCase();

async function issueToken(em: EntityManager, ctx: Context, user: User, name: string): Promise<IssuedToken> {
  const { token, hash, displayPrefix } = generateToken();
  const expiresAt = new Date(ctx.services.clock.now().getTime() + ctx.services.config.tokenTtlSeconds * 1000);
  em.create(PersonalToken, { user, tokenHash: hash, prefix: displayPrefix, expiresAt, name });
  await em.flush();
  return { token, expiresAt, user };
}

/** Exchanges username + password for a new personal token, behind the brute-force guard (a system operation). */
export async function obtainToken(ctx: Context, input: { username: string; password: string; tokenName?: string | null }): Promise<IssuedToken> {
  const username = normalizeUsername(input.username ?? '');
  if (input.tokenName != null) new InputCheck().text('tokenName', input.tokenName, { max: 100 }).done();
  const guard = ctx.services.loginGuard;
  const verdict = await guard.admit(username, ctx.ip);
  if (!verdict.ok) {
    const message = verdict.reason === 'LOCKED_OUT' ? 'Too many failed logins; try again later' : 'Too many login attempts; slow down';
    throw PayloadError.of(UserErrorCode[verdict.reason], null, message, verdict.retryAfterSeconds);
  }
  const em = systemEm(ctx);
  const user = await em.findOne(User, { username }, { populate: ['passwordHash'] });
  // Always verify against some hash so a missing user takes as long as a wrong password.
  const valid = await verifyPassword(input.password ?? '', user?.passwordHash ?? DUMMY_HASH);
  if (!user || !valid || !user.isActive) {
    await guard.recordFailure(username, ctx.ip);
    throw PayloadError.of(UserErrorCode.INVALID_CREDENTIALS, null, 'Invalid username or password');
  }
  await guard.recordSuccess(username, ctx.ip);
  return inTransaction(em, (tx) => issueToken(tx, ctx, user, input.tokenName?.trim() || 'sign-in'));
}

export type SignUpInput = { organizationName?: string | null; username: string; email: string; password: string; invitationToken?: string | null };

export function checkPassword(check: InputCheck, field: string, password: string | null | undefined): InputCheck {
  // ASVS 2.1: at least 12 characters, up to 128, any characters allowed.
  return check.text(field, password, { min: 12, max: 128 });
}

export const slugify = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50) || 'org';

/**
 * Creates a user and a token, and either an organization on the `free` plan with the user as owner
 * or, with an invitation token, the invited membership; in one transaction (a system operation:
 * it writes across tenants). Rate-limited per IP. The organization comes back with its
 * subscription and features (read as the owner: the request itself is in no organization).
 */
export async function signUp(ctx: Context, input: SignUpInput): Promise<IssuedToken & { organization: Organization }> {
  const username = normalizeUsername(input.username ?? '');
  const invited = Boolean(input.invitationToken?.trim());
  const check = new InputCheck();
  if (!invited) check.text('organizationName', input.organizationName, { max: 200 });
  check
    .text('username', username, { min: 3, max: 150, pattern: USERNAME_PATTERN, hint: 'may contain lower-case letters, digits and _ . @ + -' })
    .email('email', input.email);
  checkPassword(check, 'password', input.password).done();
  const verdict = await ctx.services.loginGuard.admitSignUp(ctx.ip);
  if (!verdict.ok)
    throw PayloadError.of(UserErrorCode.RATE_LIMITED, null, 'Too many sign-ups from this address; try later', verdict.retryAfterSeconds);
  const em = systemEm(ctx);
  // The token first: with sign-up closed, an invitation token is the only way in, and a made-up one
  // must not turn this into a check of which usernames exist.
  if (invited) await pendingInvitation(em, input.invitationToken as string, ctx.services.clock.now(), 'invitationToken', false);
  if (await em.count(User, { username })) throw PayloadError.of(UserErrorCode.ALREADY_EXISTS, 'username', 'This username is taken');
  const passwordHash = await hashPassword(input.password);
  return inTransaction(em, async (tx) => {
    const user = tx.create(User, { username, email: input.email.trim(), passwordHash });
    await flushUnique(tx, 'username', 'This username is taken');
    if (invited) {
      const now = ctx.services.clock.now();
      const { organization } = await joinByInvitation(tx, user, input.invitationToken as string, now, { token: 'invitationToken', email: 'email' });
      return { ...(await issueToken(tx, ctx, user, 'sign-up')), organization };
    }
    const organization = await createOrganization(tx, ctx, (input.organizationName ?? '').trim());
    tx.create(Membership, { organization, user, role: Role.OWNER });
    await tx.flush();
    return { ...(await issueToken(tx, ctx, user, 'sign-up')), organization: await attachPlan(tx, organization) };
  });
}

/** Takes the name's slug, or the slug plus a random suffix when it is taken (retrying on a concurrent taker). */
async function createOrganization(em: EntityManager, ctx: Context, name: string): Promise<Organization> {
  const base = slugify(name);
  for (let attempt = 0; attempt < 5; attempt++) {
    const free = attempt === 0 && (await em.count(Organization, { slug: base }, SYSTEM_READ)) === 0;
    const slug = free ? base : `${base}-${randomBytes(3).toString('hex')}`;
    try {
      return await inTransaction(em, async (tx) => {
        const organization = tx.create(Organization, { name, slug });
        await tx.flush();
        await startFreeSubscription(tx, ctx, organization);
        return organization;
      });
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
    }
  }
  throw new Error(`Could not find a free slug for organization "${name}"`);
}

async function startFreeSubscription(em: EntityManager, ctx: Context, organization: Organization): Promise<void> {
  const plan = await em.findOneOrFail(SubscriptionPlan, { code: 'free' });
  const start = ctx.services.clock.now();
  const end = new Date(start);
  end.setUTCMonth(end.getUTCMonth() + 1);
  em.create(Subscription, { organization, plan, status: SubscriptionStatus.ACTIVE, currentPeriodStart: start, currentPeriodEnd: end, seats: 1 });
  await em.flush();
}
