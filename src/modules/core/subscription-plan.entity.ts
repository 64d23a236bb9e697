import { Collection, type Opt } from '@mikro-orm/core';
import { Embedded, Entity, ManyToMany, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../shared/base.entity.js';
import { Money } from '../../shared/money.js';
import { FeatureFlag } from './feature-flag.entity.js';

@Entity({ tableName: 'subscription_plans' })
@ObjectType({ description: 'A subscription tier; its feature flags decide which parts of the API an organization may use.' })
export class SubscriptionPlan extends BaseEntity {
  @Field(() => ID, { description: 'UUID of the plan.' })
  declare id: string;

  @Property({ type: 'string', length: 50 })
  @Unique()
  @Field(() => String, { description: 'Stable code, e.g. `free`, `growth`, `enterprise`.' })
  code!: string;

  @Property({ type: 'string', length: 100 })
  @Field(() => String, { description: 'Display name.' })
  name!: string;

  @Embedded(() => Money, { prefix: 'monthly_price_' })
  @Field(() => Money, { description: 'Price per month.' })
  monthlyPrice!: Money;

  @Property({ type: 'text', default: '' })
  @Field(() => String, { description: 'Marketing description.' })
  description: Opt<string> = '';

  @Property({ type: 'boolean', default: true })
  @Field(() => Boolean, { description: 'Listed in `plans` (shown to everyone).' })
  isPublic: Opt<boolean> = true;

  /**
   * Whether an organization's owner or admin may pick this plan with `changeSubscription`. Off for
   * plans that are paid for: without a billing provider, only a platform administrator sets them.
   */
  @Property({ type: 'boolean', default: false })
  @Field(() => Boolean, {
    description:
      'Owners and admins may move their organization to this plan themselves with `changeSubscription` (e.g. free or trial plans); other plans are set by a platform administrator (`setOrganizationPlan`).',
  })
  isSelfServe: Opt<boolean> = false;

  @ManyToMany({ entity: () => FeatureFlag, pivotTable: 'subscription_plan_features', joinColumn: 'plan_id', inverseJoinColumn: 'feature_flag_id' })
  features = new Collection<FeatureFlag>(this);
}
