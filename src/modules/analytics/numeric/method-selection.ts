import { type BacktestPlan, backtestMase, backtestScales, planBacktest, type ScaleKind } from './backtest.js';
import { type ForecastMethod, minimumTraining, SIMPLICITY_ORDER } from './forecast-methods.js';
import { chiSquareQuantile } from './stats.js';

export type Selection = {
  method: ForecastMethod;
  scores: { method: ForecastMethod; mase: number | null }[];
  /** Null when the history is too short to backtest. */
  plan: BacktestPlan | null;
  scaleKinds: ScaleKind[];
  /** Suitable methods left out because the history is too short for them. */
  skipped: ForecastMethod[];
  intermittent: boolean;
};

/** Syntetos–Boylan cut-off on the average demand interval. */
const INTERMITTENT_ADI = 1.32;
/** Backtest scores within 1% of the best count as a tie, which the simpler method wins. */
const TIE_TOLERANCE = 0.01;
/** Significance of the test that demand falls on some periods of the cycle more than others. */
const PHASE_TEST_LEVEL = 0.999;

/** Average demand interval (periods per non-zero period) above 1.32; an all-zero history counts as intermittent. */
export function isIntermittent(y: readonly number[]): boolean {
  const demands = y.reduce((count, v) => count + (v !== 0 ? 1 : 0), 0);
  return y.length > 0 && (demands === 0 || y.length / demands > INTERMITTENT_ADI);
}

/**
 * Scores the candidates suited to the series on the same rolling origins and picks one. With too
 * little history to backtest: SES (Croston/SBA if intermittent) from four points, naive below.
 */
export function selectMethod(y: readonly number[], seasonLength: number, horizon: number): Selection {
  const intermittent = isIntermittent(y);
  const pool = candidatePool(y, seasonLength, intermittent);
  const baseline = seasonLength > 1 ? 'seasonal_naive' : 'naive';
  const first = planBacktest(y.length, Math.max(horizon, 1), seasonLength, minimumTraining(baseline, seasonLength));
  if (!first) {
    const method: ForecastMethod = y.length >= 4 ? (intermittent ? 'croston_sba' : 'ses') : 'naive';
    return { method, scores: [{ method, mase: null }], plan: null, scaleKinds: [], skipped: [], intermittent };
  }
  // Every candidate is scored on the same origins, so the earliest origin must fit the most demanding one.
  const candidates = pool.filter((m) => minimumTraining(m, seasonLength) <= y.length - first.steps);
  const needed = Math.max(...candidates.map((m) => minimumTraining(m, seasonLength)));
  const plan = planBacktest(y.length, Math.max(horizon, 1), seasonLength, needed) ?? first;
  const { scales, kinds } = backtestScales(y, plan, seasonLength);
  const scores = candidates.map((method) => ({ method, mase: backtestMase(y, method, seasonLength, plan, scales) }));
  const method = intermittent ? pickIntermittent(scores) : pickLowest(scores, baseline);
  return { method, scores, plan, scaleKinds: kinds, skipped: pool.filter((m) => !candidates.includes(m)), intermittent };
}

/**
 * Continuous series: the naive methods against the smoothing family. Intermittent series: Croston/SBA
 * and the baseline, plus the seasonal methods only when demand clearly falls on certain periods of
 * the cycle. Naive, SES and Holt are left out there because on mostly-zero data they only differ
 * from Croston in how close to zero they forecast, which MASE (an absolute error) rewards.
 */
function candidatePool(y: readonly number[], seasonLength: number, intermittent: boolean): ForecastMethod[] {
  const seasonal = seasonLength > 1;
  if (!intermittent) return seasonal ? ['naive', 'seasonal_naive', 'ses', 'holt', 'holt_winters'] : ['naive', 'ses', 'holt'];
  if (!seasonal) return ['naive', 'croston_sba'];
  return demandFollowsCycle(y, seasonLength) ? ['seasonal_naive', 'croston_sba', 'holt_winters'] : ['seasonal_naive', 'croston_sba'];
}

/** Lowest mean MASE; scores within TIE_TOLERANCE of it are ties, won by the simpler method. */
function pickLowest(scores: { method: ForecastMethod; mase: number }[], fallback: ForecastMethod): ForecastMethod {
  if (scores.length === 0) return fallback;
  const best = Math.min(...scores.map((s) => s.mase));
  const tied = scores.filter((s) => s.mase <= best * (1 + TIE_TOLERANCE) + 1e-12).map((s) => s.method);
  return SIMPLICITY_ORDER.find((m) => tied.includes(m)) ?? fallback;
}

/**
 * Croston/SBA; a seasonal candidate replaces it only when it is in the pool (demand follows the
 * cycle) and beats it. The baseline alone never does: its lower MASE on intermittent data mostly
 * comes from forecasting zero, which is useless for reordering.
 */
function pickIntermittent(scores: { method: ForecastMethod; mase: number }[]): ForecastMethod {
  const croston = scores.find((s) => s.method === 'croston_sba');
  if (!croston || !scores.some((s) => s.method === 'holt_winters')) return 'croston_sba';
  const best = pickLowest(scores, 'croston_sba');
  return best === 'seasonal_naive' || best === 'holt_winters' ? best : 'croston_sba';
}

/**
 * Chi-square test that the periods with demand are spread unevenly over the phases of the cycle
 * (e.g. sold only on weekdays, or ordered every Monday). Needs five expected demands per phase.
 */
export function demandFollowsCycle(y: readonly number[], seasonLength: number): boolean {
  const counts = new Array<number>(seasonLength).fill(0);
  y.forEach((v, t) => {
    if (v !== 0) counts[t % seasonLength] += 1;
  });
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / seasonLength;
  if (seasonLength < 2 || expected < 5) return false;
  const statistic = counts.reduce((chi, c) => chi + ((c - expected) * (c - expected)) / expected, 0);
  return statistic > chiSquareQuantile(PHASE_TEST_LEVEL, seasonLength - 1);
}
