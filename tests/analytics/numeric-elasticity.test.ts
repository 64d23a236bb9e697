import { describe, expect, it } from 'vitest';
import { estimateElasticity, type PriceObservation, recommendPrice } from '../../src/modules/analytics/numeric/elasticity.js';
import { mulberry32, normalSampler } from '../../src/shared/random.js';

/** A year of weeks: prices 800–1200 minor units, units = 200·(price/1000)^elasticity · lognormal noise (sd 0.15). */
function weeklySales(seed: number, elasticity: number, weeks = 52, noise = 0.15): PriceObservation[] {
  const u = mulberry32(seed);
  const z = normalSampler(u);
  return Array.from({ length: weeks }, () => {
    const price = Math.round(800 + 400 * u());
    return { price, units: Math.max(1, Math.round(200 * (price / 1000) ** elasticity * Math.exp(noise * z()))) };
  });
}

describe('estimateElasticity', () => {
  it('recovers a known elasticity of -1.8 within ±0.3', () => {
    const estimate = estimateElasticity(weeklySales(1, -1.8));
    if (!estimate.ok) throw new Error(estimate.reason);
    console.info(
      `[elasticity] true -1.80, estimated ${estimate.elasticity.toFixed(3)} ± ${estimate.standardError.toFixed(3)} (error ${(estimate.elasticity + 1.8).toFixed(3)}, R² ${estimate.rSquared.toFixed(2)}, ${estimate.confidence})`,
    );
    expect(Math.abs(estimate.elasticity + 1.8)).toBeLessThanOrEqual(0.3);
    expect(estimate.observations).toBe(52);
    expect(estimate.distinctPrices).toBeGreaterThan(30);
    expect(estimate.confidence).toBe('high');
  });

  it('is unbiased and honest about its standard error over 200 seeded data sets', () => {
    const errors: number[] = [];
    let insideTwoSe = 0;
    for (let seed = 100; seed < 300; seed++) {
      const estimate = estimateElasticity(weeklySales(seed, -1.8));
      if (!estimate.ok) throw new Error(estimate.reason);
      errors.push(estimate.elasticity + 1.8);
      if (Math.abs(estimate.elasticity + 1.8) <= 1.96 * estimate.standardError) insideTwoSe += 1;
    }
    const meanError = errors.reduce((a, e) => a + e, 0) / errors.length;
    const meanAbsError = errors.reduce((a, e) => a + Math.abs(e), 0) / errors.length;
    const within = errors.filter((e) => Math.abs(e) <= 0.3).length / errors.length;
    console.info(
      `[elasticity] 200 data sets at -1.8: mean error ${meanError.toFixed(3)}, mean |error| ${meanAbsError.toFixed(3)}, within ±0.3 ${(within * 100).toFixed(1)}%, ±1.96 SE covers ${((insideTwoSe / 200) * 100).toFixed(1)}%`,
    );
    expect(Math.abs(meanError)).toBeLessThan(0.05);
    // prices spread ±20% with 15% noise give a standard error near 0.18, so ±0.3 is about 1.7 SE: ~90% expected
    expect(within).toBeGreaterThan(0.85);
    expect(insideTwoSe / 200).toBeGreaterThan(0.9);
  });

  it('returns the exact slope, R² 1 and a standard error of 0 on noise-free constant-elasticity data', () => {
    const exact = [10, 12, 14, 16, 18, 20, 22, 24].map((price) => ({ price, units: 100_000 * price ** -2 }));
    const estimate = estimateElasticity(exact);
    expect(estimate).toMatchObject({ ok: true, observations: 8, distinctPrices: 8, confidence: 'low' });
    if (!estimate.ok) return;
    expect(estimate.elasticity).toBeCloseTo(-2, 10);
    expect(estimate.rSquared).toBeCloseTo(1, 10);
    expect(estimate.standardError).toBeCloseTo(0, 8);
  });

  it('drops zero-unit periods instead of offsetting them', () => {
    const sales = weeklySales(3, -1.8);
    const withZeros = [...sales, { price: 1500, units: 0 }, { price: 700, units: 0 }];
    expect(estimateElasticity(withZeros)).toEqual(estimateElasticity(sales));
  });

  it.each([
    ['flat prices', Array.from({ length: 30 }, (_, i) => ({ price: 1000, units: 50 + (i % 5) })), /price barely varied/],
    ['two prices only', Array.from({ length: 30 }, (_, i) => ({ price: i % 2 ? 1000 : 1100, units: 50 + (i % 5) })), /2 distinct prices/],
    ['five weeks', weeklySales(4, -1.8, 5), /only 5 periods with sales; at least 8/],
    ['no sales at all', Array.from({ length: 20 }, (_, i) => ({ price: 900 + 10 * i, units: 0 })), /no sales/],
    ['no observations', [], /no observations/],
    ['sales rising with price', weeklySales(5, 1.2), /did not fall when the price rose/],
  ])('says "not enough data" for %s', (_, observations, reason) => {
    const estimate = estimateElasticity(observations);
    expect(estimate.ok).toBe(false);
    if (!estimate.ok) expect(estimate.reason).toMatch(reason);
  });

  it('rates a noisy, barely significant estimate as low confidence', () => {
    const estimate = estimateElasticity(weeklySales(6, -0.3, 12, 0.6));
    if (!estimate.ok) throw new Error(estimate.reason);
    expect(estimate.confidence).toBe('low');
  });
});

describe('recommendPrice', () => {
  it('lowers the price of an elastic product, capped at the maximum change', () => {
    // e = -3, cost 500: unconstrained optimum 500·3/2 = 750, below the 15% step → 850
    const rec = recommendPrice({ currentPrice: 1000, unitCost: 500, elasticity: -3 });
    expect(rec.recommendedPrice).toBe(850);
    expect(rec.marginFloorPrice).toBe(589); // ceil(500 / 0.85)
    expect(rec.expectedUnitsChangePct).toBeCloseTo(0.85 ** -3 - 1, 10);
    expect(rec.expectedRevenueChangePct).toBeCloseTo(0.85 ** -2 - 1, 10);
    expect(rec.expectedMarginChangePct).toBeCloseTo((350 * 0.85 ** -3) / 500 - 1, 10);
    expect(rec.reason).toMatch(/elastic.*15\.0% lower price \(the most allowed/);
  });

  it('raises the price of an inelastic product by the maximum change', () => {
    const rec = recommendPrice({ currentPrice: 1000, unitCost: 500, elasticity: -0.5, maxChangePct: 0.1 });
    expect(rec.recommendedPrice).toBe(1100);
    expect(rec.expectedUnitsChangePct).toBeCloseTo(1.1 ** -0.5 - 1, 10);
    expect(rec.expectedUnitsChangePct).toBeLessThan(0);
    expect(rec.expectedMarginChangePct).toBeGreaterThan(0);
    expect(rec.reason).toMatch(/inelastic/);
  });

  it('lands on the interior optimum c·e/(1+e) when it is within reach', () => {
    // e = -4, cost 600: p* = 600·4/3 = 800, inside [850·…]? current 900 → range 765..1035
    const rec = recommendPrice({ currentPrice: 900, unitCost: 600, elasticity: -4 });
    expect(rec.recommendedPrice).toBe(800);
    expect(rec.expectedMarginChangePct).toBeGreaterThan(0);
  });

  it('keeps the current price when it is already (within 0.5% of) the best, and says so', () => {
    // e = -2, cost 500: p* = 1000
    for (const currentPrice of [1000, 1010]) {
      const rec = recommendPrice({ currentPrice, unitCost: 500, elasticity: -2 });
      expect(rec.recommendedPrice).toBe(currentPrice);
      expect(rec.expectedUnitsChangePct).toBe(0);
      expect(rec.reason).toMatch(/already.*keep it/);
    }
  });

  it('never recommends below the margin floor, even when demand is very elastic', () => {
    // cost 900 → floor ceil(900 / 0.85) = 1059 above the current price
    const rec = recommendPrice({ currentPrice: 1000, unitCost: 900, elasticity: -5 });
    expect(rec.marginFloorPrice).toBe(1059);
    expect(rec.recommendedPrice).toBe(1125); // p* = 900·5/4, within the 15% step
    expect(rec.reason).toMatch(/below the margin floor/);
  });

  it('goes to the margin floor when it lies beyond one step (the floor wins)', () => {
    const rec = recommendPrice({ currentPrice: 1000, unitCost: 1000, elasticity: -1.5, minMarginPct: 0.2 });
    expect(rec.recommendedPrice).toBe(1250);
    expect(rec.marginFloorPrice).toBe(1250);
    expect(rec.reason).toMatch(/more than the usual 15\.0% step/);
  });

  it('stays within ±maxChange and above the floor, in whole minor units, for 500 random cases', () => {
    const u = mulberry32(77);
    for (let i = 0; i < 500; i++) {
      const currentPrice = 100 + Math.floor(u() * 100_000);
      const unitCost = Math.floor(currentPrice * u() * 0.8);
      const elasticity = -0.1 - 5 * u();
      const maxChangePct = 0.05 + 0.25 * u();
      const rec = recommendPrice({ currentPrice, unitCost, elasticity, maxChangePct });
      expect(Number.isInteger(rec.recommendedPrice)).toBe(true);
      expect(rec.recommendedPrice).toBeGreaterThanOrEqual(rec.marginFloorPrice);
      expect(rec.recommendedPrice).toBeGreaterThanOrEqual(currentPrice * (1 - maxChangePct) - 1e-6);
      expect(rec.recommendedPrice).toBeLessThanOrEqual(currentPrice * (1 + maxChangePct) + 1e-6);
      // direction: inelastic demand never gets a lower price; margin never expected to fall
      if (elasticity > -1) expect(rec.recommendedPrice).toBeGreaterThanOrEqual(currentPrice);
      expect(rec.expectedMarginChangePct!).toBeGreaterThanOrEqual(0);
    }
  });

  it('does not invent a recommendation from invalid input', () => {
    for (const input of [
      { currentPrice: 0, unitCost: 100, elasticity: -2 },
      { currentPrice: 1000, unitCost: 100, elasticity: 0.5 },
      { currentPrice: 1000, unitCost: Number.NaN, elasticity: -2 },
    ]) {
      const rec = recommendPrice(input);
      expect(rec.recommendedPrice).toBe(Number.isFinite(input.currentPrice) ? input.currentPrice : 0);
      expect(rec.expectedUnitsChangePct).toBe(0);
      expect(rec.reason).toMatch(/No recommendation/);
    }
  });

  it('reports a null margin change when the current margin is exactly zero', () => {
    const rec = recommendPrice({ currentPrice: 1000, unitCost: 1000, elasticity: -0.5, minMarginPct: 0 });
    expect(rec.recommendedPrice).toBe(1150);
    expect(rec.expectedMarginChangePct).toBeNull();
  });

  it('is deterministic', () => {
    const input = { currentPrice: 1999, unitCost: 1234, elasticity: -2.7 };
    expect(recommendPrice(input)).toEqual(recommendPrice({ ...input }));
    const sales = weeklySales(9, -1.2);
    expect(estimateElasticity(sales)).toEqual(estimateElasticity(sales.map((o) => ({ ...o }))));
  });
});
