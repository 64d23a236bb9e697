import { Arg, Args, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { organizationOf } from '../../shared/context-access.js';
import { type Connection, ConnectionArgs, connectionOf, connectionType } from '../../shared/pagination.js';
import { NextBestAction } from './dto/actions.dto.js';
import { actionKey, compareActions, nextBestActions, RULE_LIMIT, STALE_DAYS } from './next-best-actions.service.js';

export const NextBestActionConnection = connectionType(NextBestAction);

@Resolver()
export class ActionsResolver {
  @Query(() => NextBestActionConnection, {
    description: `Ranked next best actions, highest score first: follow up deals quiet for ${STALE_DAYS} days, deals past their close date, overdue tasks, high-value deals at risk, cross-sell products similar accounts bought, overdue invoices to chase, stock that open orders need (at most ${RULE_LIMIT} per rule). Cursors hold the rank key, so the next page stays right when suggestions come or go. Needs \`analytics.insights\`.`,
  })
  async nextBestActions(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('opportunityId', () => ID, { nullable: true, description: 'Only actions about this opportunity (and its tasks).' }) opportunityId:
      | string
      | null,
    @Arg('ownerId', () => ID, { nullable: true, description: "Only actions on this member's records." }) ownerId: string | null,
    @Ctx() ctx: Context,
  ): Promise<Connection<NextBestAction>> {
    const actions = await nextBestActions(ctx.em, organizationOf(ctx).id, { opportunityId, ownerId, now: ctx.services.clock.now() });
    return connectionOf(actions, args, actionKey, compareActions);
  }
}
