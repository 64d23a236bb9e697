import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { organizationOf } from '../../shared/context-access.js';
import { NextBestAction } from './dto/actions.dto.js';
import { nextBestActions, STALE_DAYS } from './next-best-actions.service.js';

@Resolver()
export class ActionsResolver {
  @Query(() => [NextBestAction], {
    description: `Ranked next best actions: follow up deals quiet for ${STALE_DAYS} days, deals past their close date, overdue tasks, high-value deals at risk, cross-sell products similar accounts bought, overdue invoices to chase, stock that open orders need. Needs \`analytics.insights\`.`,
  })
  nextBestActions(
    @Arg('first', () => Int, { defaultValue: 20, description: 'How many (1–100).' }) first: number,
    @Arg('opportunityId', () => ID, { nullable: true, description: 'Only actions about this opportunity (and its tasks).' }) opportunityId:
      | string
      | null,
    @Arg('ownerId', () => ID, { nullable: true, description: "Only actions on this member's records." }) ownerId: string | null,
    @Ctx() ctx: Context,
  ): Promise<NextBestAction[]> {
    return nextBestActions(ctx.em, organizationOf(ctx).id, { first, opportunityId, ownerId, now: ctx.services.clock.now() });
  }
}
