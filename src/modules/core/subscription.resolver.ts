import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { organizationOf } from '../../shared/context-access.js';
import { toPayload } from '../../shared/user-error.js';
import { ChangeSubscriptionInput, ChangeSubscriptionPayload } from './dto/organization.dto.js';
import { Organization } from './organization.entity.js';
import { changeSubscription } from './subscription.service.js';

@Resolver()
export class ChangeSubscriptionResolver {
  @Mutation(() => ChangeSubscriptionPayload, {
    nullable: true,
    description:
      'Moves the organization to a self-serve plan (`SubscriptionPlan.isSelfServe`, e.g. `free`); other plans are set by a platform administrator (NOT_SELF_SERVE). Owners and admins; needs the feature `billing.manage_subscriptions`. Features change from the next request on.',
  })
  changeSubscription(
    @Arg('input', () => ChangeSubscriptionInput, { description: 'What to do; see the input type.' }) input: ChangeSubscriptionInput,
    @Ctx() ctx: Context,
  ): Promise<ChangeSubscriptionPayload> {
    return toPayload(async () => {
      const organizationId = organizationOf(ctx).id;
      const subscription = await changeSubscription(ctx.em, organizationId, input.planCode);
      ctx.refreshFeatures(); // the payload shows the new plan's features
      return { subscription, organization: await ctx.em.findOneOrFail(Organization, { id: organizationId }) };
    });
  }
}
