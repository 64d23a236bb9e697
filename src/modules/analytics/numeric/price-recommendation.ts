export type PriceRecommendation = {
  recommendedPrice: number;
  expectedUnitsChangePct: number;
  expectedRevenueChangePct: number;
  /** Null when the current margin is exactly zero (no base for a relative change). */
  expectedMarginChangePct: number | null;
  marginFloorPrice: number;
  reason: string;
};
export type PriceRecommendationInput = { currentPrice: number; unitCost: number; elasticity: number; minMarginPct?: number; maxChangePct?: number };

/** A change that moves the expected margin by less than this is noise next to the elasticity's uncertainty. */
const MATERIAL_MARGIN_GAIN = 0.005;

/**
 * The integer price (minor units) with the highest expected margin (price - unitCost)·units, with
 * units ∝ price^elasticity, within ±maxChangePct of the current price and never below the margin
 * floor. The floor wins when the two conflict (a price below cost plus the required margin is
 * raised even if that takes more than one step). Percentages in and out are fractions (0.15 = 15%).
 */
export function recommendPrice(input: PriceRecommendationInput): PriceRecommendation {
  const { currentPrice, unitCost, elasticity } = input;
  const minMargin = clamp(input.minMarginPct ?? 0.15, 0, 0.95);
  const maxChange = clamp(input.maxChangePct ?? 0.15, 0, 0.95);
  const floor = Number.isFinite(unitCost) && unitCost > 0 ? Math.ceil(unitCost / (1 - minMargin) - 1e-9) : 0;
  if (!(Number.isFinite(currentPrice) && currentPrice > 0) || !(Number.isFinite(elasticity) && elasticity < 0) || !Number.isFinite(unitCost))
    return unchanged(currentPrice, floor, 'No recommendation: it needs a positive current price, a known unit cost and a negative elasticity.');
  const margin = (price: number) => (price - unitCost) * (price / currentPrice) ** elasticity;
  const low = Math.max(Math.ceil(currentPrice * (1 - maxChange) - 1e-9), floor);
  const high = Math.floor(currentPrice * (1 + maxChange) + 1e-9);
  if (floor > high) return describe(input, floor, floor, margin, 'floor_beyond_step', maxChange);
  const unconstrained = elasticity < -1 ? (unitCost * elasticity) / (1 + elasticity) : Number.POSITIVE_INFINITY;
  const best = bestIntegerPrice(unconstrained, low, high, margin);
  const current = Math.round(currentPrice);
  const keep = current >= low && current <= high && margin(best) - margin(current) <= MATERIAL_MARGIN_GAIN * Math.abs(margin(current));
  if (keep) return describe(input, current, floor, margin, 'keep', maxChange);
  if (currentPrice < floor) return describe(input, best, floor, margin, 'floor', maxChange);
  const capped = unconstrained > high || (unconstrained < low && low > floor);
  return describe(input, best, floor, margin, capped ? 'capped' : 'optimum', maxChange);
}

/**
 * Margin (p - c)·p^e rises up to p* = c·e / (1 + e) and falls after it when e < -1, and only rises
 * when -1 ≤ e < 0 (p* = ∞), so the constrained optimum is p* clamped into [low, high], then the
 * better of the neighbouring whole prices.
 */
function bestIntegerPrice(unconstrained: number, low: number, high: number, margin: (p: number) => number): number {
  const target = clamp(unconstrained, low, high);
  const candidates = [Math.floor(target), Math.ceil(target)].map((p) => clamp(p, low, high));
  return candidates.reduce((a, b) => (margin(b) > margin(a) ? b : a));
}

type Situation = 'keep' | 'optimum' | 'capped' | 'floor' | 'floor_beyond_step';

function describe(
  input: PriceRecommendationInput,
  price: number,
  floor: number,
  margin: (p: number) => number,
  situation: Situation,
  maxChange: number,
): PriceRecommendation {
  const { currentPrice, elasticity } = input;
  const ratio = price / currentPrice;
  const unitsChange = ratio ** elasticity - 1;
  const revenueChange = ratio ** (1 + elasticity) - 1;
  const currentMargin = margin(currentPrice);
  const marginChange = currentMargin === 0 ? null : (margin(price) - currentMargin) / Math.abs(currentMargin);
  const change = `${pct(ratio - 1)} ${ratio >= 1 ? 'higher' : 'lower'} price`;
  const effect = `${pct(unitsChange)} ${unitsChange >= 0 ? 'more' : 'fewer'} units${marginChange === null ? '' : ` and ${pct(marginChange)} ${marginChange >= 0 ? 'more' : 'less'} margin`}`;
  const demand = `Demand is ${elasticity < -1 ? 'elastic' : 'inelastic'} (${elasticity.toFixed(2)})`;
  const reasons: Record<Situation, string> = {
    keep: `${demand} and the current price is already within ${pct(MATERIAL_MARGIN_GAIN)} of the best expected margin, so keep it.`,
    optimum: `${demand}: a ${change} is expected to bring ${effect}.`,
    capped: `${demand}: a ${change} (the most allowed in one step, ${pct(maxChange)}) is expected to bring ${effect}.`,
    floor: `The current price is below the margin floor (${pct(input.minMarginPct ?? 0.15)} of the price over unit cost), so the best price at or above it is a ${change}, with ${effect}.`,
    floor_beyond_step: `The current price is below the margin floor (${pct(input.minMarginPct ?? 0.15)} of the price over unit cost), which takes a ${change}, more than the usual ${pct(maxChange)} step: expect ${effect}.`,
  };
  return {
    recommendedPrice: price,
    expectedUnitsChangePct: unitsChange,
    expectedRevenueChangePct: revenueChange,
    expectedMarginChangePct: marginChange,
    marginFloorPrice: floor,
    reason: reasons[situation],
  };
}

function unchanged(currentPrice: number, floor: number, reason: string): PriceRecommendation {
  const price = Number.isFinite(currentPrice) ? Math.round(currentPrice) : 0;
  return {
    recommendedPrice: price,
    expectedUnitsChangePct: 0,
    expectedRevenueChangePct: 0,
    expectedMarginChangePct: 0,
    marginFloorPrice: floor,
    reason,
  };
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
const pct = (fraction: number) => `${Math.abs(fraction * 100).toFixed(1)}%`;
