import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { organizationOf } from '../../shared/context-access.js';
import { DateRangeInput, Granularity, SalesMetrics, TopAccount, TopProduct } from './dto/metrics.dto.js';
import { salesMetrics, topAccounts, topProducts } from './metrics.service.js';

@Resolver(() => SalesMetrics)
export class MetricsResolver {
  @Query(() => SalesMetrics, {
    description:
      'Sales KPIs over a range with a per-period series: booked, invoiced and collected revenue, orders, average order value, leads and conversion, win rate, pipeline, sales cycle, top products and accounts. Needs `analytics.insights`.',
  })
  salesMetrics(
    @Arg('range', () => DateRangeInput, { description: 'The range [from, to), UTC.' }) range: DateRangeInput,
    @Arg('granularity', () => Granularity, { defaultValue: Granularity.MONTH, description: 'Period length of the series.' }) granularity: Granularity,
    @Arg('ownerId', () => ID, { nullable: true, description: "Only this member's accounts, leads and opportunities." }) ownerId: string | null,
    @Arg('currency', () => String, {
      nullable: true,
      description: "Currency of the money metrics; the organization's main order currency when omitted.",
    })
    currency: string | null,
    @Ctx() ctx: Context,
  ): Promise<SalesMetrics> {
    return salesMetrics(ctx.em, organizationOf(ctx).id, { range, granularity, ownerId, currency });
  }

  @FieldResolver(() => [TopProduct], { description: 'Top 10 variants by booked revenue (read only when asked for).' })
  topProducts(@Root() metrics: SalesMetrics): Promise<TopProduct[]> {
    return topProducts(metrics);
  }

  @FieldResolver(() => [TopAccount], { description: 'Top 10 accounts by booked revenue (read only when asked for).' })
  topAccounts(@Root() metrics: SalesMetrics): Promise<TopAccount[]> {
    return topAccounts(metrics);
  }
}
