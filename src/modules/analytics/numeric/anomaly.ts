import { median, trimmedMean } from './stats.js';

export type AnomalyPoint = {
  index: number;
  observed: number;
  /** Typical value for this period: the seasonal baseline plus the local median residual. */
  expected: number;
  /** The range of values with |score| ≤ threshold. */
  lower: number;
  upper: number;
  /** Signed robust z-score of the residual (positive for spikes); |score| > threshold. */
  score: number;
  direction: 'spike' | 'dip';
};
export type AnomalyOptions = { seasonLength: number; threshold?: number; window?: number };

/** MAD / 0.6745 estimates a normal standard deviation. */
const MAD_TO_SIGMA = 0.6745;
/** Weight, in residuals, of the window's noise scale when estimating one phase's (see `score`). */
const PHASE_PRIOR = 22;
/** Residual noise is never taken below half a step of the data's resolution (see `scaleFor`). */
const HALF_STEP = 0.5;

type Scale = { forward: (v: number) => number; back: (v: number) => number; floor: (baseline: number) => number };

/**
 * Flags values far from a robust seasonal baseline. Retrospective: each point is judged against
 * windows centred on it (shifted inward at the ends, so the latest points are judged on the past),
 * always leaving the point itself out so an outlier cannot hide itself.
 *
 * - level: interquartile mean over two cycles of the deseasonalized values; seasonal offset:
 *   interquartile mean of the same phase's (value - level) over the window; two passes;
 * - residuals scored with the local median and MAD over the window (robust z), the MAD raised
 *   for phases that are noisier than the rest;
 * - non-negative series are scored on the square-root scale, where the noise of counts and of
 *   proportional variation (a busy weekday varies more than a quiet Sunday) is closer to constant;
 * - whole-number series move in steps (1 unit; the price, for single-price revenue); the noise
 *   scale never drops below half a step, so a slow mover's single sale or one unit less on a quiet
 *   day is not an anomaly just because most such days are identical (MAD 0).
 *
 * `window` (periods, default twelve cycles, e.g. 84 days) sizes the seasonal and scale windows.
 * Non-finite values are missing: never flagged, never part of a baseline.
 */
export function detectAnomalies(values: number[], options: AnomalyOptions): AnomalyPoint[] {
  const m = Number.isFinite(options.seasonLength) ? Math.max(1, Math.floor(options.seasonLength)) : 1;
  const threshold = options.threshold !== undefined && options.threshold > 0 ? options.threshold : 3.5;
  const n = values.length;
  if (n < Math.max(2 * m + 1, 7)) return [];
  const window = Math.min(n, Math.max(Math.floor(options.window ?? Math.max(12 * m, 13)), 2 * m + 1, 7));
  const scale = scaleFor(values);
  const y = values.map((v) => (Number.isFinite(v) ? scale.forward(v) : Number.NaN));
  const baseline = seasonalBaseline(y, m, window);
  const residual = y.map((v, t) => v - baseline[t]);
  const found: AnomalyPoint[] = [];
  for (let t = 0; t < n; t++) {
    if (Number.isNaN(residual[t])) continue;
    const point = score(t, residual, baseline[t], window, m, threshold, scale);
    if (point) found.push({ ...point, observed: values[t] });
  }
  return found;
}

function scaleFor(values: readonly number[]): Scale {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.some((v) => v < 0)) return { forward: (v) => v, back: (v) => v, floor: (b) => 1e-9 * (1 + Math.abs(b)) };
  const unit = resolution(finite);
  const back = (v: number) => (v > 0 ? v * v : 0);
  // Half of one step of the data's resolution at the baseline, measured on the √ scale.
  const floor = (b: number) => (unit > 0 ? HALF_STEP * (Math.sqrt(back(b) + unit) - Math.sqrt(back(b))) : 1e-9 * (1 + Math.abs(b)));
  return { forward: Math.sqrt, back, floor };
}

/** Step between possible values: the greatest common divisor of whole numbers (1 for units, the price for single-price revenue); 0 if any is fractional. */
function resolution(values: readonly number[]): number {
  let unit = 0;
  for (const v of values) {
    if (!Number.isSafeInteger(v)) return 0;
    let a = Math.abs(v);
    let b = unit;
    while (b > 0) [a, b] = [b, a % b];
    unit = a;
  }
  return unit;
}

/** Level plus seasonal offset for every point, each estimated without the point itself. */
function seasonalBaseline(y: readonly number[], m: number, window: number): number[] {
  const levelSpan = m > 1 ? 2 * m + 1 : 7;
  let seasonal = new Array<number>(y.length).fill(0);
  let level = movingLevel(y, seasonal, levelSpan);
  if (m > 1) {
    seasonal = seasonalOffsets(y, level, m, window);
    level = movingLevel(y, seasonal, levelSpan);
    seasonal = seasonalOffsets(y, level, m, window);
  }
  return level.map((l, t) => l + seasonal[t]);
}

/**
 * Robust z of residual t against the other residuals of its window. The noise scale is the
 * window's MAD, raised towards the same phase's MAD when that phase is noisier (a busy weekday
 * next to near-constant quiet days): the phase's few values are shrunk towards the window's with
 * a weight of PHASE_PRIOR residuals, and never lower the scale.
 */
function score(
  t: number,
  residual: readonly number[],
  baseline: number,
  window: number,
  m: number,
  threshold: number,
  scale: Scale,
): Omit<AnomalyPoint, 'observed'> | null {
  const around = (stride: number) =>
    neighbours(t, residual.length, window, stride)
      .map((j) => residual[j])
      .filter((r) => !Number.isNaN(r));
  const others = around(1);
  if (others.length < 3) return null;
  const centre = median(others);
  const spread = (values: number[]) => median(values.map((r) => Math.abs(r - centre))) / MAD_TO_SIGMA;
  const pooled = spread(others);
  const phase = m > 1 ? around(m) : [];
  const phaseSigma = phase.length > 0 ? spread(phase) : 0;
  const shrunk = Math.sqrt((phase.length * phaseSigma ** 2 + PHASE_PRIOR * pooled ** 2) / (phase.length + PHASE_PRIOR));
  const sigma = Math.max(pooled, shrunk, scale.floor(baseline));
  const z = (residual[t] - centre) / sigma;
  if (Math.abs(z) <= threshold) return null;
  const expected = baseline + centre;
  return {
    index: t,
    expected: scale.back(expected),
    lower: scale.back(expected - threshold * sigma),
    upper: scale.back(expected + threshold * sigma),
    score: z,
    direction: z > 0 ? 'spike' : 'dip',
  };
}

/** Indices of the `span`-wide window around t that stays inside [0, n), t excluded, every `stride`-th from t. */
function neighbours(t: number, n: number, span: number, stride: number): number[] {
  const width = Math.min(span, n);
  const start = Math.min(Math.max(0, t - Math.floor(width / 2)), n - width);
  const out: number[] = [];
  for (let j = start + ((((t - start) % stride) + stride) % stride); j < start + width; j += stride) if (j !== t) out.push(j);
  return out;
}

function movingLevel(y: readonly number[], seasonal: readonly number[], span: number): number[] {
  return y.map((_, t) => robustCentre(neighbours(t, y.length, span, 1).map((j) => y[j] - seasonal[j])));
}

function seasonalOffsets(y: readonly number[], level: readonly number[], m: number, window: number): number[] {
  return y.map((_, t) => robustCentre(neighbours(t, y.length, window, m).map((j) => y[j] - level[j])));
}

/** Interquartile mean of the finite values; 0 when there are none (no evidence of an offset). */
function robustCentre(values: number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  return finite.length === 0 ? 0 : trimmedMean(finite, 0.25);
}

/** Which movement of a metric is bad news: both ways (revenue, orders), or only a rise (voids, discounts: lower is good). */
export type Concern = 'both' | 'rise';

/** Robust z-scores at which an anomaly becomes MEDIUM and HIGH (LOW from the detection threshold). */
export const SEVERITY_SCORES = { medium: 4.5, high: 6 } as const;

/**
 * Severity of an anomaly, direction-aware: a move the metric's concern does not fear (fewer voids,
 * even down to none) is at most 'low', reported for information; otherwise by the score's size.
 */
export function severityOf(score: number, concern: Concern): 'low' | 'medium' | 'high' {
  if (concern === 'rise' && score < 0) return 'low';
  const z = Math.abs(score);
  return z >= SEVERITY_SCORES.high ? 'high' : z >= SEVERITY_SCORES.medium ? 'medium' : 'low';
}
