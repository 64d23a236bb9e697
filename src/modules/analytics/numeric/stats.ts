/** Small descriptive statistics shared by the forecasting, elasticity and anomaly code. Pure and allocation-light. */

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** Arithmetic mean; NaN for an empty list so callers must decide what "no data" means. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : sum(values) / values.length;
}

/** Sample standard deviation (n - 1); 0 for fewer than two values. */
export function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  let squares = 0;
  for (const v of values) squares += (v - m) * (v - m);
  return Math.sqrt(squares / (values.length - 1));
}

/** Quantile with linear interpolation between order statistics (R type 7, numpy's default). NaN when empty. */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  return quantileSorted(Float64Array.from(values).sort(), p);
}

/** `quantile` for input already sorted ascending, so hot loops can sort once. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const position = Math.min(Math.max(p, 0), 1) * (n - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, n - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/**
 * Mean of the middle values after dropping `trim` of them at each end (0.25: the interquartile
 * mean). Robust to that share of outliers like a median, but continuous, so baselines built from
 * it do not reproduce data values exactly (which makes residuals tie at zero on integer data).
 */
export function trimmedMean(values: readonly number[], trim: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const drop = Math.min(Math.floor(sorted.length * trim), Math.floor((sorted.length - 1) / 2));
  let total = 0;
  for (let i = drop; i < sorted.length - drop; i++) total += sorted[i];
  return total / (sorted.length - 2 * drop);
}

/** Median absolute deviation from the median, unscaled (multiply by 1.4826 for a normal sigma). */
export function medianAbsoluteDeviation(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const center = median(values);
  return median(values.map((v) => Math.abs(v - center)));
}

export type LinearFit = {
  intercept: number;
  slope: number;
  /** Standard error of the slope (classical OLS, homoscedastic errors). */
  slopeStandardError: number;
  rSquared: number;
  observations: number;
  /** Residual standard deviation with n - 2 degrees of freedom. */
  residualStandardDeviation: number;
};

/** Ordinary least squares y = a + b x. Null when there are fewer than three points or x does not vary. */
export function linearRegression(x: readonly number[], y: readonly number[]): LinearFit | null {
  const n = Math.min(x.length, y.length);
  if (n < 3) return null;
  const mx = mean(x.slice(0, n));
  const my = mean(y.slice(0, n));
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) * (x[i] - mx);
    sxy += (x[i] - mx) * (y[i] - my);
    syy += (y[i] - my) * (y[i] - my);
  }
  // Relative guard: x values equal up to rounding carry no information about the slope.
  if (sxx <= 1e-12 * Math.max(1, mx * mx) * n) return null;
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const residualSquares = Math.max(0, syy - slope * sxy);
  const residualVariance = residualSquares / (n - 2);
  return {
    intercept,
    slope,
    slopeStandardError: Math.sqrt(residualVariance / sxx),
    rSquared: syy > 0 ? 1 - residualSquares / syy : 1,
    observations: n,
    residualStandardDeviation: Math.sqrt(residualVariance),
  };
}

// Acklam's rational approximation of the inverse normal CDF (relative error below 1.2e-9).
const A = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];

/** Standard normal quantile: normalQuantile(0.975) ≈ 1.959964. ±Infinity at 0 and 1. */
export function normalQuantile(p: number): number {
  if (!(p > 0)) return Number.NEGATIVE_INFINITY;
  if (!(p < 1)) return Number.POSITIVE_INFINITY;
  const low = 0.02425;
  if (p < low) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - low) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1)
  );
}

function tail(q: number): number {
  return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
}

/** Upper quantile of the chi-square distribution (Wilson–Hilferty approximation, within ~1% for df >= 3). */
export function chiSquareQuantile(p: number, degreesOfFreedom: number): number {
  const k = degreesOfFreedom;
  const cube = 1 - 2 / (9 * k) + normalQuantile(p) * Math.sqrt(2 / (9 * k));
  return k * Math.max(0, cube) ** 3;
}
