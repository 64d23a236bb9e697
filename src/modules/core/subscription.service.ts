import type { EntityManager } from '@mikro-orm/sql';
import { SYSTEM_READ } from '../../db/tenancy.js';
import { inTransaction } from '../../shared/transaction.js';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import { Subscription, SubscriptionStatus } from './subscription.entity.js';
import { SubscriptionPlan } from './subscription-plan.entity.js';

/**
 * Moves the organization to a self-serve plan (free, trials): paid plans are set by a platform
 * administrator (`setOrganizationPlan`) until a billing provider confirms payment. A plan that is
 * neither public nor self-serve is NOT_FOUND, so hidden plans are not revealed. A canceled
 * subscription becomes active again; other states stay.
 */
export async function changeSubscription(em: EntityManager, organizationId: string, planCode: string): Promise<Subscription> {
  const plan = await em.findOne(SubscriptionPlan, { code: planCode?.trim() ?? '', $or: [{ isPublic: true }, { isSelfServe: true }] });
  if (!plan) throw PayloadError.of(UserErrorCode.NOT_FOUND, 'planCode', `No public plan "${planCode}"`);
  if (!plan.isSelfServe) {
    throw PayloadError.of(
      UserErrorCode.NOT_SELF_SERVE,
      'planCode',
      `The plan "${plan.code}" is set by a platform administrator; contact sales to subscribe`,
    );
  }
  return switchPlan(em, organizationId, plan);
}

/** Points the organization's subscription at `plan` in one transaction (any plan: callers decide who may). */
export async function switchPlan(em: EntityManager, organizationId: string, plan: SubscriptionPlan): Promise<Subscription> {
  return inTransaction(em, async (tx) => {
    const subscription = await tx.findOneOrFail(Subscription, { organization: organizationId }, SYSTEM_READ);
    subscription.plan = tx.getReference(SubscriptionPlan, plan.id, { wrapped: true });
    if (subscription.status === SubscriptionStatus.CANCELED) subscription.status = SubscriptionStatus.ACTIVE;
    await tx.flush();
    return subscription;
  });
}
