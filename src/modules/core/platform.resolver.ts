import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { systemEm } from '../../shared/transaction.js';
import { toPayload } from '../../shared/user-error.js';
import {
  CreateFeatureFlagInput,
  CreatePlanInput,
  FeatureFlagPayload,
  PlanPayload,
  SetOrganizationPlanInput,
  SetOrganizationPlanPayload,
  UpdatePlanInput,
} from './dto/platform.dto.js';
import { createFeatureFlag, createPlan, setOrganizationPlan, updatePlan } from './platform.service.js';

@Resolver()
export class PlatformResolver {
  @Mutation(() => PlanPayload, {
    nullable: true,
    description: 'Creates a subscription plan. Platform administrators only.',
  })
  createPlan(
    @Arg('input', () => CreatePlanInput, { description: 'What to do; see the input type.' }) input: CreatePlanInput,
    @Ctx() ctx: Context,
  ): Promise<PlanPayload> {
    return toPayload(async () => ({ plan: await createPlan(systemEm(ctx), input) }));
  }

  @Mutation(() => PlanPayload, {
    nullable: true,
    description: "Changes a plan's name, price, visibility or features. Platform administrators only.",
  })
  updatePlan(
    @Arg('input', () => UpdatePlanInput, { description: 'What to do; see the input type.' }) input: UpdatePlanInput,
    @Ctx() ctx: Context,
  ): Promise<PlanPayload> {
    return toPayload(async () => ({ plan: await updatePlan(systemEm(ctx), input) }));
  }

  @Mutation(() => FeatureFlagPayload, {
    nullable: true,
    description: 'Creates a feature flag. Platform administrators only.',
  })
  createFeatureFlag(
    @Arg('input', () => CreateFeatureFlagInput, { description: 'What to do; see the input type.' }) input: CreateFeatureFlagInput,
    @Ctx() ctx: Context,
  ): Promise<FeatureFlagPayload> {
    return toPayload(async () => ({ featureFlag: await createFeatureFlag(systemEm(ctx), input) }));
  }

  @Mutation(() => SetOrganizationPlanPayload, {
    nullable: true,
    description:
      "Puts an organization on any plan (self-serve or not); a canceled subscription becomes active. Platform administrators only. The organization's features change from its next request on.",
  })
  setOrganizationPlan(
    @Arg('input', () => SetOrganizationPlanInput, { description: 'What to do; see the input type.' }) input: SetOrganizationPlanInput,
    @Ctx() ctx: Context,
  ): Promise<SetOrganizationPlanPayload> {
    return toPayload(async () => ({ organization: await setOrganizationPlan(systemEm(ctx), input) }));
  }
}
