import { Entity, Enum, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { Opt, Ref } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { TenantEntity } from '../../shared/tenant.entity.js';
import { SubscriptionPlan } from './subscription-plan.entity.js';

export enum SubscriptionStatus {
  TRIALING = 'trialing',
  ACTIVE = 'active',
  PAST_DUE = 'past_due',
  CANCELED = 'canceled',
}

registerEnumType(SubscriptionStatus, { name: 'SubscriptionStatus', description: 'Billing state of a subscription.' });

@Entity({ tableName: 'subscriptions' })
@Unique({ properties: ['organization'] })
// `PlanSubscription` in the API: `Subscription` is GraphQL's root type of live operations.
@ObjectType('PlanSubscription', { description: "The organization's current plan. Requires membership." })
export class Subscription extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the subscription.' })
  declare id: string;

  @ManyToOne({ entity: () => SubscriptionPlan, ref: true, deleteRule: 'restrict', index: true })
  plan!: Ref<SubscriptionPlan>;

  @Enum({ items: () => SubscriptionStatus, nativeEnumName: 'subscription_status' })
  @Field(() => SubscriptionStatus, { description: 'Billing state; features apply while trialing, active or past due.' })
  status: Opt<SubscriptionStatus> = SubscriptionStatus.ACTIVE;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  @Field(() => Date, { description: 'Start of the current billing period (UTC).' })
  currentPeriodStart!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  @Field(() => Date, { description: 'End of the current billing period (UTC).' })
  currentPeriodEnd!: Date;

  @Property({ type: 'integer', default: 1 })
  @Field(() => Int, { description: 'Number of paid seats.' })
  seats: Opt<number> = 1;
}
