import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import { Membership, Role } from './membership.entity.js';
import { Organization } from './organization.entity.js';
import { hashPassword } from './password.js';
import { Subscription, SubscriptionStatus } from './subscription.entity.js';
import { SubscriptionPlan } from './subscription-plan.entity.js';
import { setPassword } from './password-reset.service.js';
import { User } from './user.entity.js';
import { SYSTEM_READ } from '../../db/tenancy.js';
import { seedDemoCatalog } from '../catalog/demo-catalog.seed.js';
import { seedDemoSales } from '../sales/demo-sales.seed.js';

export type DemoLogin = { username: string; password: string; organization: string };

export const DEMO_ORGANIZATION_SLUG = 'demo';

/**
 * Demo data for an embedded start: an organization on `enterprise`, its owner, a catalog with a
 * year of price history and stock, and a year of sales records on top of it (accounts, contacts,
 * leads, opportunities, activities, orders, shipments, invoices and payments, with the stock
 * ledger to match). Idempotent: returns null when the demo organization (or a user called `demo`)
 * exists. Runs as the database owner.
 */
export async function seedDemo(
  em: EntityManager,
  password = randomBytes(9).toString('base64url'),
  /** Called as each area starts (start-up prints it: seeding takes seconds). */
  progress: (area: string) => void = () => undefined,
): Promise<DemoLogin | null> {
  return em.transactional(async (tx) => {
    if (await tx.count(Organization, { slug: DEMO_ORGANIZATION_SLUG }, SYSTEM_READ)) return null;
    // Never take over someone's account: a real user called "demo" means no demo data here.
    if (await tx.count(User, { username: 'demo' })) return null;
    progress('organization, demo user and subscription');
    const plan = await tx.findOneOrFail(SubscriptionPlan, { code: 'enterprise' });
    const organization = tx.create(Organization, { name: 'Demo Company', slug: DEMO_ORGANIZATION_SLUG });
    const user = tx.create(User, { username: 'demo', email: 'demo@example.com', passwordHash: await hashPassword(password) });
    tx.create(Membership, { organization, user, role: Role.OWNER });
    const start = new Date();
    const end = new Date(start);
    end.setUTCFullYear(end.getUTCFullYear() + 1);
    tx.create(Subscription, { organization, plan, status: SubscriptionStatus.ACTIVE, currentPeriodStart: start, currentPeriodEnd: end, seats: 10 });
    await tx.flush();
    progress('catalog: suppliers, products, variants, a year of prices, stock');
    await seedDemoCatalog(tx, organization.id, start);
    await seedDemoSales(tx, organization.id, user.id, start, progress);
    return { username: 'demo', password, organization: DEMO_ORGANIZATION_SLUG };
  });
}

/** Creates (or promotes) a platform administrator. */
export async function createSuperuser(em: EntityManager, input: { username: string; email: string; password: string }): Promise<User> {
  return em.transactional(async (tx) => {
    const passwordHash = await hashPassword(input.password);
    const existing = await tx.findOne(User, { username: input.username });
    const user = existing ?? tx.create(User, { username: input.username, email: input.email, passwordHash });
    Object.assign(user, { email: input.email, passwordHash, isSuperuser: true, isActive: true });
    await tx.flush();
    return user;
  });
}

/**
 * Sets a user's password from the command line (for servers without SMTP) and revokes every
 * token and pending reset of theirs; null when there is no such user.
 */
export async function resetUserPassword(em: EntityManager, username: string, password: string): Promise<User | null> {
  const passwordHash = await hashPassword(password);
  return em.transactional(async (tx) => {
    const user = await tx.findOne(User, { username });
    if (!user) return null;
    await setPassword(tx, user.id, passwordHash, new Date());
    return user;
  });
}
