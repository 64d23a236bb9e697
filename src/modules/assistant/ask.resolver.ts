import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { organizationOf } from '../../shared/context-access.js';
import { toPayload } from '../../shared/user-error.js';
import { checkRange } from '../analytics/periods.js';
import { DateRangeInput } from '../analytics/dto/metrics.dto.js';
import { askAssistant } from './ask.service.js';
import { contextRange } from './gather.js';
import { AskAssistantInput, AskAssistantPayload, AssistantUsageReport } from './dto/assistant.dto.js';
import { usageReport } from './usage.service.js';

@Resolver()
export class AskResolver {
  @Mutation(() => AskAssistantPayload, {
    nullable: true,
    description:
      'Asks the co-pilot in one of your conversations. It first gathers sales KPIs, next best actions, anomalies, demand forecasts and price recommendations by running those queries as you (so your plan and role decide what it sees), then asks the configured model, which may call read-only tools. Without a configured model, or when it fails, the answer is a summary of the metrics and `diagnostics` says what to configure or what failed. Must be sent alone in its operation. Needs `assistant.chat`.',
  })
  askAssistant(
    @Arg('input', () => AskAssistantInput, { description: 'The conversation and the question.' }) input: AskAssistantInput,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AskAssistantPayload> {
    return toPayload(async () => askAssistant(ctx, info.schema, input), { diagnostics: [] });
  }

  @Query(() => AssistantUsageReport, {
    description:
      "The organization's model usage per day and model (last 30 days unless a range is given), and today's token budget. Needs `assistant.chat`.",
  })
  assistantUsage(
    @Arg('range', () => DateRangeInput, { nullable: true, description: 'The range [from, to), UTC; the last 30 days (today included) when omitted.' })
    range: DateRangeInput | null,
    @Ctx() ctx: Context,
  ): Promise<AssistantUsageReport> {
    const now = ctx.services.clock.now();
    if (range) checkRange(range);
    const chosen = range ?? contextRange(now);
    return usageReport(ctx.em, organizationOf(ctx).id, chosen, ctx.services.config.assistant.dailyTokenBudget, now);
  }
}
