import type { EntityManager } from '@mikro-orm/sql';
import { inTransaction } from '../../shared/transaction.js';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import { Subscription, SubscriptionStatus } from './subscription.entity.js';
import { SubscriptionPlan } from './subscription-plan.entity.js';

/** Moves the organization to another public plan; a canceled subscription becomes active again, other states stay. */
export async function changeSubscription(em: EntityManager, organizationId: string, planCode: string): Promise<Subscription> {
  const plan = await em.findOne(SubscriptionPlan, { code: planCode?.trim() ?? '', isPublic: true });
  if (!plan) throw PayloadError.of(UserErrorCode.NOT_FOUND, 'planCode', `No public plan "${planCode}"`);
  return inTransaction(em, async (tx) => {
    const subscription = await tx.findOneOrFail(Subscription, { organization: organizationId });
    subscription.plan = tx.getReference(SubscriptionPlan, plan.id, { wrapped: true });
    if (subscription.status === SubscriptionStatus.CANCELED) subscription.status = SubscriptionStatus.ACTIVE;
    await tx.flush();
    return subscription;
  });
}
