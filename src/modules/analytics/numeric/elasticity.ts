import { linearRegression, standardDeviation } from './stats.js';

export { type PriceRecommendation, type PriceRecommendationInput, recommendPrice } from './price-recommendation.js';

export type PriceObservation = { price: number; units: number };
export type ElasticityEstimate =
  | {
      ok: true;
      elasticity: number;
      standardError: number;
      rSquared: number;
      observations: number;
      distinctPrices: number;
      confidence: 'high' | 'medium' | 'low';
    }
  | { ok: false; reason: string };

/** Fewer points than this cannot separate a price response from noise. */
const MIN_OBSERVATIONS = 8;
const MIN_DISTINCT_PRICES = 3;
/** Standard deviation of log price below this (about 2%) leaves the slope undetermined. */
const MIN_LOG_PRICE_SPREAD = 0.02;
/** Steeper than this is not a believable price response for a catalog product; something else drives it. */
const MOST_NEGATIVE_ELASTICITY = -10;

/**
 * Constant-elasticity demand fitted by OLS on logs: ln(units) = a + e·ln(price).
 *
 * Periods with zero units are dropped, not offset: in CRM sales data a zero week is mostly a
 * stockout or no traffic rather than a response to price, and a +0.5 offset would pull the slope
 * towards zero by an amount that depends on the volume. Invalid rows (non-positive or non-finite
 * price, negative or non-finite units) are ignored.
 */
export function estimateElasticity(observations: PriceObservation[]): ElasticityEstimate {
  const valid = observations.filter((o) => Number.isFinite(o.price) && o.price > 0 && Number.isFinite(o.units) && o.units >= 0);
  const selling = valid.filter((o) => o.units > 0);
  if (selling.length === 0) return { ok: false, reason: valid.length === 0 ? 'no observations with a price' : 'no sales in the observed periods' };
  if (selling.length < MIN_OBSERVATIONS)
    return { ok: false, reason: `only ${selling.length} periods with sales; at least ${MIN_OBSERVATIONS} are needed` };
  const distinctPrices = new Set(selling.map((o) => Math.round(o.price))).size;
  const logPrice = selling.map((o) => Math.log(o.price));
  if (distinctPrices < MIN_DISTINCT_PRICES || standardDeviation(logPrice) < MIN_LOG_PRICE_SPREAD)
    return {
      ok: false,
      reason: `the price barely varied (${distinctPrices} distinct price${distinctPrices === 1 ? '' : 's'}), so its effect on sales cannot be measured`,
    };
  const fit = linearRegression(
    logPrice,
    selling.map((o) => Math.log(o.units)),
  );
  if (!fit) return { ok: false, reason: 'the price barely varied, so its effect on sales cannot be measured' };
  if (fit.slope >= 0)
    return {
      ok: false,
      reason: `sales did not fall when the price rose (slope ${fit.slope.toFixed(2)}), so other factors such as promotions or seasonality dominate`,
    };
  if (fit.slope < MOST_NEGATIVE_ELASTICITY) return { ok: false, reason: `the estimated elasticity ${fit.slope.toFixed(1)} is implausibly steep` };
  return {
    ok: true,
    elasticity: fit.slope,
    standardError: fit.slopeStandardError,
    rSquared: fit.rSquared,
    observations: selling.length,
    distinctPrices,
    confidence: confidenceOf(fit.slope, fit.slopeStandardError, selling.length, distinctPrices),
  };
}

/**
 * high: tight (SE ≤ 0.2) from half a year of weeks at four or more prices; medium: SE ≤ 0.4 from a
 * quarter; low otherwise, and always when the 95% interval reaches zero (no clear price response).
 */
function confidenceOf(elasticity: number, standardError: number, observations: number, distinctPrices: number): 'high' | 'medium' | 'low' {
  if (elasticity + 1.96 * standardError >= 0) return 'low';
  if (standardError <= 0.2 && observations >= 26 && distinctPrices >= 4) return 'high';
  if (standardError <= 0.4 && observations >= 12) return 'medium';
  return 'low';
}
