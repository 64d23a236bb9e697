import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { MoneyInput } from '../../../shared/money.js';
import { UserError } from '../../../shared/user-error.js';
import { FeatureFlag } from '../feature-flag.entity.js';
import { Organization } from '../organization.entity.js';
import { SubscriptionPlan } from '../subscription-plan.entity.js';

@InputType({ description: 'A new subscription plan (platform administrators).' })
export class CreatePlanInput {
  @Field(() => String, { description: 'Stable code: lower-case letters, digits, _ or -.' })
  code!: string;
  @Field(() => String, { description: 'Display name.' })
  name!: string;
  @Field(() => MoneyInput, { description: 'Monthly price.' })
  monthlyPrice!: MoneyInput;
  @Field(() => String, { nullable: true, description: 'Marketing description.' })
  description?: string | null;
  @Field(() => Boolean, { defaultValue: true, description: 'Listed in `plans`.' })
  isPublic: boolean = true;
  @Field(() => Boolean, {
    defaultValue: false,
    description:
      'Owners and admins may pick it themselves with `changeSubscription` (free or trial plans); otherwise only `setOrganizationPlan` sets it.',
  })
  isSelfServe: boolean = false;
  @Field(() => [String], { defaultValue: [], description: 'Feature codes the plan includes.' })
  featureCodes!: string[];
}

@InputType({ description: 'Changes to a plan, by code; omitted fields stay as they are (platform administrators).' })
export class UpdatePlanInput {
  @Field(() => String, { description: 'Code of the plan to change.' })
  code!: string;
  @Field(() => String, { nullable: true, description: 'New display name.' })
  name?: string | null;
  @Field(() => MoneyInput, { nullable: true, description: 'New monthly price (its currency may differ from the old one).' })
  monthlyPrice?: MoneyInput | null;
  @Field(() => String, { nullable: true, description: 'New description.' })
  description?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Whether the plan is listed in `plans`.' })
  isPublic?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Whether owners and admins may pick it with `changeSubscription`.' })
  isSelfServe?: boolean | null;
  @Field(() => [String], {
    nullable: true,
    description: 'The complete new list of feature codes; applies from the next request of each organization on the plan.',
  })
  featureCodes?: string[] | null;
}

@ObjectType({ description: 'Result of a plan change.' })
export class PlanPayload {
  @Field(() => SubscriptionPlan, { nullable: true, description: 'The plan as it is now.' })
  plan?: SubscriptionPlan;
  @Field(() => [UserError], { description: 'INVALID, REQUIRED, ALREADY_EXISTS or NOT_FOUND (plan or feature codes).' })
  errors!: UserError[];
}

@InputType({ description: 'A new feature flag (platform administrators).' })
export class CreateFeatureFlagInput {
  @Field(() => String, { description: 'Code in `module.capability` form.' })
  code!: string;
  @Field(() => String, { nullable: true, description: 'What the feature unlocks.' })
  description?: string | null;
}

@ObjectType({ description: 'Result of `createFeatureFlag`.' })
export class FeatureFlagPayload {
  @Field(() => FeatureFlag, { nullable: true, description: 'The new feature flag.' })
  featureFlag?: FeatureFlag;
  @Field(() => [UserError], { description: 'INVALID or ALREADY_EXISTS.' })
  errors!: UserError[];
}

@InputType({ description: 'Puts an organization on a plan (platform administrators).' })
export class SetOrganizationPlanInput {
  @Field(() => ID, { description: 'The organization.' })
  organizationId!: string;
  @Field(() => String, { description: 'Code of any plan, self-serve or not, public or not.' })
  planCode!: string;
}

@ObjectType({ description: 'Result of `setOrganizationPlan`.' })
export class SetOrganizationPlanPayload {
  @Field(() => Organization, { nullable: true, description: 'The organization, with its new subscription and features.' })
  organization?: Organization;
  @Field(() => [UserError], { description: 'NOT_FOUND when no plan has this code (an unknown organization is a top-level NOT_FOUND).' })
  errors!: UserError[];
}
