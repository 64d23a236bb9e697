import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import { SYSTEM_READ } from '../db/tenancy.js';
import { Membership, Role } from '../modules/core/membership.entity.js';
import { Organization } from '../modules/core/organization.entity.js';
import { hashPassword } from '../modules/core/password.js';
import { Subscription, SubscriptionStatus } from '../modules/core/subscription.entity.js';
import { SubscriptionPlan } from '../modules/core/subscription-plan.entity.js';
import { User } from '../modules/core/user.entity.js';
import { seedDemoCatalog } from './catalog.seed.js';
import { seedDemoSales } from './sales.seed.js';

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
