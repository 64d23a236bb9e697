import { Arg, Args, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { organizationOf } from '../../shared/context-access.js';
import { type Connection, ConnectionArgs, connectionType } from '../../shared/pagination.js';
import { listVariants } from '../catalog/catalog-query.service.js';
import { ProductVariantFilter } from '../catalog/dto/catalog-filters.dto.js';
import { anomalies } from './anomaly.service.js';
import { DemandGranularity } from './dto/forecast.dto.js';
import { Anomaly, AnomalyMetric, PriceRecommendation, RevenueForecast } from './dto/insights.dto.js';
import { DateRangeInput } from './dto/metrics.dto.js';
import { MAX_CHANGE, MIN_MARGIN, priceRecommendations } from './pricing.service.js';
import { revenueForecast } from './revenue.service.js';

export const PriceRecommendationConnection = connectionType(PriceRecommendation);

@Resolver()
export class InsightsResolver {
  @Query(() => PriceRecommendationConnection, {
    description: `Price recommendations for a page of variants (by SKU, filtered like productVariants): elasticity from a year of weekly sales, a price within ±${MAX_CHANGE * 100}% that maximises margin and keeps ${MIN_MARGIN * 100}% over unit cost, or "not enough data" with the reason. Needs \`analytics.insights\`.`,
  })
  async priceRecommendations(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => ProductVariantFilter, { nullable: true, description: 'Which variants.' }) filter: ProductVariantFilter | null,
    @Ctx() ctx: Context,
  ): Promise<Connection<PriceRecommendation>> {
    const page = await listVariants(ctx.em, args, filter);
    return priceRecommendations(ctx.em, organizationOf(ctx).id, page, ctx.services.clock.now());
  }

  @Query(() => [Anomaly], {
    description:
      'Unusual days or weeks in the range for revenue, order count, average discount, demand of the top 20 variants, and voids/cancellations: residuals from a same-weekday median baseline scored with median/MAD, most severe first. Weeks are ISO weeks (Monday 00:00 UTC): the week containing `from` is judged whole, a last week not over by `to` is left out. Needs `analytics.insights`.',
  })
  anomalies(
    @Arg('range', () => DateRangeInput, { description: 'The range [from, to), UTC; eight weeks before it serve as baseline.' }) range: DateRangeInput,
    @Arg('metrics', () => [AnomalyMetric], { nullable: true, description: 'Which metrics (all when omitted).' }) metrics: AnomalyMetric[] | null,
    @Arg('granularity', () => DemandGranularity, { defaultValue: DemandGranularity.DAY, description: 'Days or weeks.' })
    granularity: DemandGranularity,
    @Ctx() ctx: Context,
  ): Promise<Anomaly[]> {
    return anomalies(ctx.em, organizationOf(ctx).id, { range, metrics, granularity });
  }

  @Query(() => RevenueForecast, {
    description:
      "Next months' booked revenue: run-rate time-series forecast plus weighted pipeline by expected close month, with intervals. Needs `analytics.forecasting`.",
  })
  revenueForecast(
    @Arg('horizonMonths', () => Int, { defaultValue: 6, description: 'Months, starting with the current one (1–24).' }) horizonMonths: number,
    @Arg('currency', () => String, { nullable: true, description: "Currency; the organization's main order currency when omitted." }) currency:
      | string
      | null,
    @Ctx() ctx: Context,
  ): Promise<RevenueForecast> {
    return revenueForecast(ctx.em, organizationOf(ctx).id, horizonMonths, ctx.services.clock.now(), currency);
  }
}
