import { randomBytes } from 'node:crypto';
import type { TestApp } from '../helpers/harness.js';
import { Membership, Role } from '../../src/modules/core/membership.entity.js';
import { Organization } from '../../src/modules/core/organization.entity.js';
import { hashPassword } from '../../src/modules/core/password.js';
import { PersonalToken } from '../../src/modules/core/personal-token.entity.js';
import { Subscription, SubscriptionStatus } from '../../src/modules/core/subscription.entity.js';
import { SubscriptionPlan } from '../../src/modules/core/subscription-plan.entity.js';
import { generateToken } from '../../src/modules/core/token.js';
import { User } from '../../src/modules/core/user.entity.js';

export const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;
export const DEFAULT_PASSWORD = 'correct horse battery staple';

export async function createUser(
  t: TestApp,
  overrides: Partial<{ username: string; password: string; isSuperuser: boolean; isActive: boolean }> = {},
) {
  const em = t.systemEm();
  const user = em.create(User, {
    username: overrides.username ?? unique('user'),
    email: `${unique('mail')}@example.com`,
    passwordHash: await hashPassword(overrides.password ?? DEFAULT_PASSWORD),
    isSuperuser: overrides.isSuperuser ?? false,
    isActive: overrides.isActive ?? true,
  });
  await em.flush();
  return user;
}

export async function createOrganization(t: TestApp, overrides: Partial<{ plan: string; status: SubscriptionStatus; name: string }> = {}) {
  const em = t.systemEm();
  const slug = unique('org');
  const organization = em.create(Organization, { name: overrides.name ?? slug, slug });
  const plan = await em.findOneOrFail(SubscriptionPlan, { code: overrides.plan ?? 'enterprise' });
  em.create(Subscription, {
    organization,
    plan,
    status: overrides.status ?? SubscriptionStatus.ACTIVE,
    currentPeriodStart: new Date(),
    currentPeriodEnd: new Date(Date.now() + 30 * 86400_000),
  });
  await em.flush();
  return organization;
}

export async function addMember(t: TestApp, user: User, organization: Organization, role: Role = Role.MEMBER) {
  const em = t.systemEm();
  const membership = em.create(Membership, { user: user.id, organization: organization.id, role });
  await em.flush();
  return membership;
}

export async function issueToken(t: TestApp, user: User, expiresAt = new Date(Date.now() + 86400_000)): Promise<string> {
  const em = t.systemEm();
  const { token, hash, displayPrefix } = generateToken();
  em.create(PersonalToken, { user: user.id, tokenHash: hash, prefix: displayPrefix, expiresAt });
  await em.flush();
  return token;
}

/** A user with a token, member of a fresh organization on `plan` with `role`. */
export async function memberOf(t: TestApp, options: Partial<{ plan: string; role: Role }> = {}) {
  const organization = await createOrganization(t, { plan: options.plan });
  const user = await createUser(t);
  const membership = await addMember(t, user, organization, options.role ?? Role.OWNER);
  return { organization, user, membership, token: await issueToken(t, user) };
}
