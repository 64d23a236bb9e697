import type { EntityManager } from '@mikro-orm/sql';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import { Subscription, SubscriptionStatus } from './subscription.entity.js';
import { SubscriptionPlan } from './subscription-plan.entity.js';

/** Moves the organization to another public plan; features change from the next request on. */
export async function changeSubscription(em: EntityManager, organizationId: string, planCode: string): Promise<Subscription> {
  const plan = await em.findOne(SubscriptionPlan, { code: planCode?.trim() ?? '', isPublic: true });
  if (!plan) throw PayloadError.of(UserErrorCode.NOT_FOUND, 'planCode', `No public plan "${planCode}"`);
  return em.transactional(async (tx) => {
    const subscription = await tx.findOneOrFail(Subscription, { organization: organizationId });
    subscription.plan = tx.getReference(SubscriptionPlan, plan.id, { wrapped: true });
    subscription.status = SubscriptionStatus.ACTIVE;
    await tx.flush();
    return subscription;
  });
}
