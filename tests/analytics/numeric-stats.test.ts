import { describe, expect, it } from 'vitest';
import { mulberry32, normalSampler } from '../../src/shared/random.js';
import {
  chiSquareQuantile,
  linearRegression,
  mean,
  median,
  medianAbsoluteDeviation,
  normalQuantile,
  quantile,
  standardDeviation,
} from '../../src/modules/analytics/numeric/stats.js';

describe('numeric stats helpers', () => {
  it('computes medians, R type-7 quantiles and the MAD of known samples', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.9)).toBeCloseTo(4.6, 12);
    expect(quantile([10, 20], 0.25)).toBeCloseTo(12.5, 12);
    // median 2, absolute deviations 1,1,0,0,2,4,7 → median 1
    expect(medianAbsoluteDeviation([1, 1, 2, 2, 4, 6, 9])).toBe(1);
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138089935, 8);
  });

  it('returns NaN (not a made-up 0) for statistics of an empty sample', () => {
    expect(median([])).toBeNaN();
    expect(mean([])).toBeNaN();
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('fits OLS with the textbook slope, intercept, R² and slope standard error', () => {
    const fit = linearRegression([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]);
    // ŷ = 2.2 + 0.6x; residual SS 2.4 on 3 df; Sxx = 10 → SE = sqrt(0.8 / 10)
    expect(fit?.slope).toBeCloseTo(0.6, 12);
    expect(fit?.intercept).toBeCloseTo(2.2, 12);
    expect(fit?.rSquared).toBeCloseTo(0.6, 12);
    expect(fit?.slopeStandardError).toBeCloseTo(Math.sqrt(0.08), 12);
  });

  it('refuses a regression without variation in x or with fewer than three points', () => {
    expect(linearRegression([2, 2, 2, 2], [1, 2, 3, 4])).toBeNull();
    expect(linearRegression([1, 2], [1, 2])).toBeNull();
  });

  it('matches published normal and chi-square quantiles', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalQuantile(0.9)).toBeCloseTo(1.281551566, 8);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 7);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(chiSquareQuantile(0.999, 6)).toBeCloseTo(22.458, 0); // tables: 22.458
    expect(chiSquareQuantile(0.95, 10)).toBeCloseTo(18.307, 0); // tables: 18.307
  });

  it('draws the same seeded sequence every time, with roughly standard normal moments', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(first.every((u) => u >= 0 && u < 1)).toBe(true);
    const z = normalSampler(mulberry32(7));
    const draws = Array.from({ length: 20_000 }, () => z());
    expect(mean(draws)).toBeCloseTo(0, 1);
    expect(standardDeviation(draws)).toBeCloseTo(1, 1);
  });
});
