import { Arg, Args, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { organizationOf } from '../../shared/context-access.js';
import { type Connection, ConnectionArgs, compareValues, connectionOf, connectionType, type SortKey } from '../../shared/pagination.js';
import { listVariants } from '../catalog/catalog-query.service.js';
import { ProductVariantFilter } from '../catalog/dto/catalog-filters.dto.js';
import { anomalies } from './anomaly.service.js';
import { Anomaly, AnomalyMetric, PriceRecommendation, RevenueForecast, Severity } from './dto/insights.dto.js';
import { DateRangeInput, Granularity } from './dto/metrics.dto.js';
import { type DayOrWeek, supportedGranularity } from './periods.js';
import { MAX_CHANGE, MIN_MARGIN, priceRecommendations } from './pricing.service.js';
import { revenueForecast } from './revenue.service.js';

export const PriceRecommendationConnection = connectionType(PriceRecommendation);
export const AnomalyConnection = connectionType(Anomaly);

const ANOMALY_GRANULARITIES: readonly DayOrWeek[] = [Granularity.DAY, Granularity.WEEK];
const SEVERITY_RANK = { [Severity.HIGH]: 3, [Severity.MEDIUM]: 2, [Severity.LOW]: 1 };
/** Most severe first, then strongest, then earliest, then by metric and variant: unique per anomaly, so pages never overlap. */
const anomalyKey = (a: Anomaly): SortKey => [SEVERITY_RANK[a.severity], Math.abs(a.score), a.periodStart.getTime(), a.metric, a.variantId ?? ''];
const compareAnomalies = (a: SortKey, b: SortKey) =>
  compareValues(b[0], a[0]) || compareValues(b[1], a[1]) || compareValues(a[2], b[2]) || compareValues(a[3], b[3]) || compareValues(a[4], b[4]);

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

  @Query(() => AnomalyConnection, {
    description:
      'Unusual days or weeks in the range for revenue, order count, average discount, demand of the top 20 variants, and voids/cancellations: residuals from a same-weekday median baseline scored with median/MAD, most severe first (then strongest, then earliest). Weeks are ISO weeks (Monday 00:00 UTC): the week containing `from` is judged whole, a last week not over by `to` is left out. Needs `analytics.insights`.',
  })
  async anomalies(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('range', () => DateRangeInput, { description: 'The range [from, to), UTC; eight weeks before it serve as baseline.' }) range: DateRangeInput,
    @Arg('metrics', () => [AnomalyMetric], { nullable: true, description: 'Which metrics (all when omitted).' }) metrics: AnomalyMetric[] | null,
    @Arg('granularity', () => Granularity, { defaultValue: Granularity.DAY, description: 'DAY or WEEK (Monday-start weeks).' })
    granularity: Granularity,
    @Ctx() ctx: Context,
  ): Promise<Connection<Anomaly>> {
    const period = supportedGranularity(granularity, 'anomalies', ANOMALY_GRANULARITIES);
    const found = await anomalies(ctx.em, organizationOf(ctx).id, { range, metrics, granularity: period });
    return connectionOf(found, args, anomalyKey, compareAnomalies);
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
