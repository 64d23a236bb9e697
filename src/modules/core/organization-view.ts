import type { EntityManager } from '@mikro-orm/sql';
import { SYSTEM_READ } from '../../db/tenancy.js';
import type { Organization } from './organization.entity.js';
import { Subscription, SubscriptionStatus } from './subscription.entity.js';

type Loaded = { subscription: Subscription | null; features: string[] };

/**
 * Subscriptions and features of organizations a system operation returns (sign-up, accepting an
 * invitation, platform plan changes). Those requests act outside the organization, so the
 * request's tenant-scoped loaders would see nothing; the operation reads them as the owner and
 * leaves them here for the Organization field resolvers.
 */
const loaded = new WeakMap<Organization, Loaded>();

const FEATURE_STATUSES = new Set([SubscriptionStatus.ACTIVE, SubscriptionStatus.TRIALING, SubscriptionStatus.PAST_DUE]);

/** Reads (as the owner) the organization's subscription and the features it grants, and attaches them to `organization`. */
export async function attachPlan(em: EntityManager, organization: Organization): Promise<Organization> {
  const subscription = await em.findOne(Subscription, { organization: organization.id }, { populate: ['plan.features'], ...SYSTEM_READ });
  const features =
    subscription && FEATURE_STATUSES.has(subscription.status)
      ? subscription.plan
          .getEntity()
          .features.getItems()
          .map((f) => f.code)
          .sort()
      : [];
  loaded.set(organization, { subscription, features });
  return organization;
}

export const attachedPlanOf = (organization: Organization): Loaded | undefined => loaded.get(organization);
