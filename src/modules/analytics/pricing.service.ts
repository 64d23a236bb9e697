import type { EntityManager } from '@mikro-orm/sql';
import { Money } from '../../shared/money.js';
import type { Connection } from '../../shared/pagination.js';
import type { ProductVariant } from '../catalog/product-variant.entity.js';
import { type Confidence, PriceRecommendation } from './dto/insights.dto.js';
import { estimateElasticity, recommendPrice } from './numeric/elasticity.js';

const WEEKS = 52;
/** Margin over unit cost a recommendation keeps (share of the price). */
export const MIN_MARGIN = 0.15;
/** Largest change recommended at once: elasticity is only known near the prices seen. */
export const MAX_CHANGE = 0.15;

/** Weekly units and average price paid (in the variant's list-price currency) per variant over the last year, in one SQL aggregation. */
async function weeklyObservations(em: EntityManager, organizationId: string, variantIds: string[], now: Date) {
  const since = new Date(now.getTime() - WEEKS * 7 * 86_400_000);
  const rows = await em.execute<{ variant_id: string; units: string; revenue: string }[]>(
    `select l.variant_id, floor(extract(epoch from o.ordered_at - ?::timestamptz) / 604800) as week,
       sum(l.quantity) as units, sum(l.unit_price_amount * l.quantity) as revenue
     from order_lines l join orders o on o.id = l.order_id and o.organization_id = l.organization_id
       join product_variants v on v.id = l.variant_id and v.organization_id = l.organization_id
     where o.organization_id = ? and o.status not in ('draft', 'cancelled') and o.ordered_at >= ? and o.ordered_at < ?
       and l.variant_id in (${variantIds.map(() => '?').join(', ')})
       -- Prices in the variant's own currency only: a spread across currencies is not a price change.
       and l.currency = v.list_price_currency
     group by 1, 2`,
    [since, organizationId, since, now, ...variantIds],
  );
  const byVariant = new Map<string, { price: number; units: number }[]>();
  for (const row of rows) {
    const units = Number(row.units);
    if (units <= 0) continue;
    const list = byVariant.get(row.variant_id) ?? [];
    list.push({ price: Number(row.revenue) / units, units });
    byVariant.set(row.variant_id, list);
  }
  return byVariant;
}

const percent = (fraction: number) => Math.round(fraction * 10_000) / 100;

/** The lowest integer price keeping MIN_MARGIN of the price over unit cost. */
const marginFloor = (unitCost: number) => Math.ceil(unitCost / (1 - MIN_MARGIN));

function recommendationFor(variant: ProductVariant, observations: { price: number; units: number }[]): PriceRecommendation {
  const currency = variant.listPrice.currency;
  const money = (amount: number) => Money.of(amount, currency);
  const base = {
    variantId: variant.id,
    sku: variant.sku,
    currentPrice: money(variant.listPrice.amount),
    unitCost: money(variant.unitCost.amount),
    marginFloorPrice: money(marginFloor(variant.unitCost.amount)),
    observations: observations.length,
    distinctPrices: new Set(observations.map((o) => Math.round(o.price))).size,
  };
  const estimate = estimateElasticity(observations);
  if (!estimate.ok || variant.listPrice.amount <= 0) {
    return Object.assign(new PriceRecommendation(), base, {
      enoughData: false,
      recommendedPrice: null,
      elasticity: null,
      elasticityStandardError: null,
      rSquared: null,
      confidence: null,
      expectedUnitsChangePct: null,
      expectedRevenueChangePct: null,
      expectedMarginChangePct: null,
      reason: `Not enough data: ${estimate.ok ? 'the variant has no price' : estimate.reason}`,
    });
  }
  const rec = recommendPrice({
    currentPrice: variant.listPrice.amount,
    unitCost: variant.unitCost.amount,
    elasticity: estimate.elasticity,
    minMarginPct: MIN_MARGIN,
    maxChangePct: MAX_CHANGE,
  });
  return Object.assign(new PriceRecommendation(), base, {
    enoughData: true,
    recommendedPrice: money(rec.recommendedPrice),
    elasticity: estimate.elasticity,
    elasticityStandardError: estimate.standardError,
    rSquared: estimate.rSquared,
    confidence: estimate.confidence as Confidence,
    // The numeric module answers in fractions; the API speaks percent.
    expectedUnitsChangePct: percent(rec.expectedUnitsChangePct),
    expectedRevenueChangePct: percent(rec.expectedRevenueChangePct),
    expectedMarginChangePct: rec.expectedMarginChangePct == null ? null : percent(rec.expectedMarginChangePct),
    reason: `${rec.reason} Elasticity ${estimate.elasticity.toFixed(2)} ± ${estimate.standardError.toFixed(2)} from ${estimate.observations} weeks at ${estimate.distinctPrices} prices (${estimate.confidence} confidence).`,
  });
}

/** Recommendations for a page of variants: one query for their weekly sales. */
export async function priceRecommendations(
  em: EntityManager,
  organizationId: string,
  page: Connection<ProductVariant>,
  now: Date,
): Promise<Connection<PriceRecommendation>> {
  const ids = page.edges.map((e) => e.node.id);
  const observations = ids.length ? await weeklyObservations(em, organizationId, ids, now) : new Map();
  return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: recommendationFor(e.node, observations.get(e.node.id) ?? []) })) };
}
