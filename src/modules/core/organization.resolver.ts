import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context, PrincipalUser } from '../../context.js';
import { organizationOf, principalOf } from '../../shared/context-access.js';
import { UserOrganization } from './dto/organization.dto.js';
import { FeatureFlag } from './feature-flag.entity.js';
import { Organization } from './organization.entity.js';
import { attachedPlanOf } from './organization-view.js';
import { Subscription } from './subscription.entity.js';
import { SubscriptionPlan } from './subscription-plan.entity.js';
import { User } from './user.entity.js';

@Resolver()
export class ViewerResolver {
  @Query(() => User, { description: 'The signed-in user. Requires authentication.' })
  me(@Ctx() ctx: Context): PrincipalUser {
    return principalOf(ctx).user;
  }

  @Query(() => [UserOrganization], { description: 'Organizations the signed-in user belongs to, with their role. Requires authentication.' })
  myOrganizations(@Ctx() ctx: Context): UserOrganization[] {
    return principalOf(ctx).organizations.map(({ id, slug, name, role }) => ({ id, slug, name, role }));
  }

  @Query(() => [SubscriptionPlan], { description: 'Public subscription plans and their features. Open to everyone.' })
  plans(@Ctx() ctx: Context): Promise<SubscriptionPlan[]> {
    return ctx.em.find(SubscriptionPlan, { isPublic: true }, { orderBy: { monthlyPrice: { amount: 'asc' }, code: 'asc' } });
  }

  @Query(() => [SubscriptionPlan], { description: 'Every plan, public or not. Platform administrators only.' })
  allPlans(@Ctx() ctx: Context): Promise<SubscriptionPlan[]> {
    return ctx.em.find(SubscriptionPlan, {}, { orderBy: { code: 'asc' } });
  }

  @Query(() => [FeatureFlag], { description: 'Every feature flag. Platform administrators only.' })
  featureFlags(@Ctx() ctx: Context): Promise<FeatureFlag[]> {
    return ctx.em.find(FeatureFlag, {}, { orderBy: { code: 'asc' } });
  }
}

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => Organization, { description: 'The organization of this request (see the `x-organization` header). Requires membership.' })
  async organization(@Ctx() ctx: Context): Promise<Organization> {
    return ctx.em.findOneOrFail(Organization, { id: organizationOf(ctx).id });
  }

  @FieldResolver(() => Subscription, { nullable: true, description: 'Current subscription. Requires membership.' })
  async subscription(@Root() organization: Organization, @Ctx() ctx: Context): Promise<Subscription | null> {
    const attached = attachedPlanOf(organization);
    return attached ? attached.subscription : ctx.loaders.subscriptionByOrganizationId.load(organization.id);
  }

  @FieldResolver(() => [String], {
    description: 'Feature codes enabled by the current plan (empty when the subscription is canceled). Requires membership.',
  })
  async features(@Root() organization: Organization, @Ctx() ctx: Context): Promise<string[]> {
    const attached = attachedPlanOf(organization);
    return attached ? attached.features : [...(await ctx.features())].sort();
  }
}

@Resolver(() => Subscription)
export class SubscriptionResolver {
  @FieldResolver(() => SubscriptionPlan, { description: 'The plan subscribed to.' })
  async plan(@Root() subscription: Subscription, @Ctx() ctx: Context): Promise<SubscriptionPlan> {
    const plan = await ctx.loaders.planById.load(subscription.plan.id);
    if (!plan) throw new Error(`Plan ${subscription.plan.id} of subscription ${subscription.id} is missing`);
    return plan;
  }
}

@Resolver(() => SubscriptionPlan)
export class SubscriptionPlanResolver {
  @FieldResolver(() => [FeatureFlag], { description: 'Features this plan includes, by code.' })
  features(@Root() plan: SubscriptionPlan, @Ctx() ctx: Context): Promise<FeatureFlag[]> {
    return ctx.loaders.featuresByPlanId.load(plan.id);
  }
}
