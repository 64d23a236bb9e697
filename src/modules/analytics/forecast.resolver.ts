import { Arg, Args, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { organizationOf } from '../../shared/context-access.js';
import { type Connection, ConnectionArgs, connectionType } from '../../shared/pagination.js';
import { listVariants } from '../catalog/catalog-query.service.js';
import { ProductVariantFilter } from '../catalog/dto/catalog-filters.dto.js';
import { Product } from '../catalog/product.entity.js';
import { ProductVariant } from '../catalog/product-variant.entity.js';
import { forecastDemand } from './demand.service.js';
import { DemandForecast } from './dto/forecast.dto.js';
import { Granularity } from './dto/metrics.dto.js';
import { badArgument, type DayOrWeek, supportedGranularity } from './periods.js';
import { findRecord } from '../../shared/find-record.js';

export const DemandForecastConnection = connectionType(DemandForecast);

const horizonArg = () => Arg('horizonDays', () => Int, { defaultValue: 28, description: 'Days ahead (1–365).' });
const granularityArg = () =>
  Arg('granularity', () => Granularity, { defaultValue: Granularity.DAY, description: 'Period length: DAY or WEEK (7-day windows ending today).' });
const DEMAND_GRANULARITIES: readonly DayOrWeek[] = [Granularity.DAY, Granularity.WEEK];

@Resolver()
export class ForecastResolver {
  @Query(() => DemandForecast, {
    description:
      'Demand forecast of one variant, or of a product (all its variants together), with a reorder suggestion for variants. NOT_FOUND outside the organization. Needs `analytics.insights`.',
  })
  async demandForecast(
    @Arg('variantId', () => ID, { nullable: true, description: 'The variant (give this or productId).' }) variantId: string | null,
    @Arg('productId', () => ID, { nullable: true, description: 'The product (give this or variantId).' }) productId: string | null,
    @horizonArg() horizonDays: number,
    @granularityArg() granularity: Granularity,
    @Ctx() ctx: Context,
  ): Promise<DemandForecast> {
    if ((variantId == null) === (productId == null)) throw badArgument('variantId', 'Give exactly one of variantId and productId');
    const period = supportedGranularity(granularity, 'demandForecast', DEMAND_GRANULARITIES);
    // Live records of the organization only (NOT_FOUND otherwise), and their canonical IDs from the database.
    const subject = variantId
      ? { kind: 'variant' as const, id: (await findRecord(ctx.em, ProductVariant, 'ProductVariant', variantId)).id }
      : { kind: 'product' as const, id: (await findRecord(ctx.em, Product, 'Product', productId as string)).id };
    const [forecast] = await forecastDemand(ctx.em, organizationOf(ctx).id, [subject], {
      horizonDays,
      granularity: period,
      now: ctx.services.clock.now(),
    });
    return forecast;
  }

  @Query(() => DemandForecastConnection, {
    description:
      'Demand forecasts of a page of variants (by SKU, filtered like productVariants), with reorder suggestions. Needs `analytics.insights`.',
  })
  async demandForecasts(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => ProductVariantFilter, { nullable: true, description: 'Which variants.' }) filter: ProductVariantFilter | null,
    @horizonArg() horizonDays: number,
    @granularityArg() granularity: Granularity,
    @Ctx() ctx: Context,
  ): Promise<Connection<DemandForecast>> {
    const period = supportedGranularity(granularity, 'demandForecasts', DEMAND_GRANULARITIES);
    const page = await listVariants(ctx.em, args, filter);
    const forecasts = await forecastDemand(
      ctx.em,
      organizationOf(ctx).id,
      page.edges.map((e) => ({ kind: 'variant' as const, id: e.node.id })),
      { horizonDays, granularity: period, now: ctx.services.clock.now() },
    );
    return { ...page, edges: page.edges.map((e, i) => ({ cursor: e.cursor, node: forecasts[i] })) };
  }
}
