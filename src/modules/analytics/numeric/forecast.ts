import { type FittedMethod, type ForecastMethod, fitMethod, METHOD_LABELS } from './forecast-methods.js';
import { type Selection, selectMethod } from './method-selection.js';
import { normalQuantile, quantileSorted, standardDeviation } from './stats.js';

export type { ForecastMethod } from './forecast-methods.js';
export type ForecastPoint = { mean: number; lower: number; upper: number };
export type MethodScore = { method: ForecastMethod; mase: number | null };
export type ForecastResult = {
  method: ForecastMethod;
  points: ForecastPoint[];
  mase: number | null;
  baselineMase: number | null;
  scores: MethodScore[];
  intermittent: boolean;
  level: number;
  reason: string;
};
export type ForecastOptions = { horizon: number; seasonLength: number; level?: number };

/** Enough one-step errors for empirical quantiles; below this the interval is a normal approximation. */
const MIN_EMPIRICAL_RESIDUALS = 20;

/**
 * Forecasts an evenly spaced series (oldest first) `horizon` steps ahead. The method is chosen per
 * series by a rolling-origin backtest (lowest mean MASE), the interval comes from the chosen
 * method's in-sample one-step errors widened by the model's error growth, and everything is
 * clamped at zero because demand cannot be negative. Never throws; non-finite values count as 0.
 */
export function forecastSeries(history: number[], options: ForecastOptions): ForecastResult {
  const y = history.map((v) => (Number.isFinite(v) ? v : 0));
  const horizon = Number.isFinite(options.horizon) ? Math.max(0, Math.floor(options.horizon)) : 0;
  const seasonLength = Number.isFinite(options.seasonLength) ? Math.max(1, Math.floor(options.seasonLength)) : 1;
  const level = options.level !== undefined && options.level > 0 && options.level < 1 ? options.level : 0.8;
  if (y.length === 0) {
    const points = Array.from({ length: horizon }, () => ({ mean: 0, lower: 0, upper: 0 }));
    const reason = 'There is no history yet, so the forecast is zero.';
    return { method: 'naive', points, mase: null, baselineMase: null, scores: [], intermittent: false, level, reason };
  }
  const selection = selectMethod(y, seasonLength, horizon);
  const fitted = fitMethod(selection.method, y, seasonLength);
  const baseline = seasonLength > 1 ? 'seasonal_naive' : 'naive';
  const mase = selection.scores.find((s) => s.method === selection.method)?.mase ?? null;
  const baselineMase = selection.scores.find((s) => s.method === baseline)?.mase ?? null;
  return {
    method: selection.method,
    points: predictionPoints(fitted, y, horizon, level),
    mase,
    baselineMase,
    scores: selection.scores,
    intermittent: selection.intermittent,
    level,
    reason: explain(y, seasonLength, selection, mase, baselineMase),
  };
}

function predictionPoints(fitted: FittedMethod, y: readonly number[], horizon: number, level: number): ForecastPoint[] {
  if (horizon === 0) return [];
  const means = fitted.forecast(horizon);
  const spread = fitted.spread(horizon);
  const [low, high] = errorBounds(fitted.residuals, y, level);
  return means.map((raw, h) => {
    const mean = Math.max(0, raw);
    const lower = Math.max(0, Math.min(mean, raw + low * spread[h]));
    const upper = Math.max(mean, raw + high * spread[h]);
    return { mean, lower, upper };
  });
}

/** One-step error quantiles at the interval's ends: empirical when there are enough errors, else normal. */
function errorBounds(residuals: readonly number[], y: readonly number[], level: number): [number, number] {
  if (residuals.length >= MIN_EMPIRICAL_RESIDUALS) {
    const sorted = Float64Array.from(residuals).sort();
    return [quantileSorted(sorted, (1 - level) / 2), quantileSorted(sorted, (1 + level) / 2)];
  }
  // Too few errors: their root mean square, or the spread of the history itself as a rough stand-in.
  const sigma =
    residuals.length >= 2
      ? Math.sqrt(residuals.reduce((a, r) => a + r * r, 0) / residuals.length)
      : y.length >= 2
        ? standardDeviation(y)
        : Math.abs(y[0]);
  const z = normalQuantile((1 + level) / 2);
  return [-z * sigma, z * sigma];
}

function explain(y: readonly number[], seasonLength: number, selection: Selection, mase: number | null, baselineMase: number | null): string {
  const n = y.length;
  const label = METHOD_LABELS[selection.method](seasonLength);
  if (y.every((v) => v === 0)) return `All ${periods(n)} of history are zero, so the forecast is zero.`;
  if (!selection.plan || mase === null)
    return `With only ${periods(n)} of history there is too little to backtest, so the forecast uses ${label} and is rough.`;
  if (y.every((v) => v === y[0])) return `The history is constant at ${y[0]} over ${n} periods, so the forecast repeats it.`;
  const baselineName = seasonLength > 1 ? 'seasonal naive' : 'naive';
  const isBaseline = selection.method === (seasonLength > 1 ? 'seasonal_naive' : 'naive');
  const backtest = `${selection.plan.origins.length} backtest window${selection.plan.origins.length === 1 ? '' : 's'} of ${selection.plan.steps} periods`;
  const accuracy = `MASE ${mase.toFixed(2)}${isBaseline || baselineMase === null ? '' : ` vs ${baselineMase.toFixed(2)} for ${baselineName}`}, ${backtest}`;
  const notes = caveats(n, seasonLength, selection);
  if (!selection.intermittent) return `${capitalize(label)} had the lowest backtest error (${accuracy})${join(notes)}.`;
  const demandEvery = (n / y.filter((v) => v !== 0).length).toFixed(1);
  if (selection.method !== 'croston_sba') {
    const croston = selection.scores.find((s) => s.method === 'croston_sba')?.mase ?? null;
    const versus = croston === null ? '' : `, Croston ${croston.toFixed(2)}`;
    return `Demand is intermittent but repeats a clear ${seasonLength}-period pattern, so ${label} replaced Croston's method (${accuracy}${versus})${join(notes)}.`;
  }
  if (baselineMase !== null && baselineMase < mase)
    notes.push(`${baselineName} scores lower, but MASE rewards forecasts near zero on mostly-zero data, so that is not taken as evidence`);
  return `Demand is intermittent (one period with sales in every ${demandEvery} on average), so ${label} is used (${accuracy})${join(notes)}.`;
}

const periods = (n: number) => `${n} period${n === 1 ? '' : 's'}`;
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const join = (notes: string[]) => (notes.length > 0 ? `; note: ${notes.join('; ')}` : '');

function caveats(n: number, seasonLength: number, selection: Selection): string[] {
  const notes: string[] = [];
  if (selection.skipped.length > 0)
    notes.push(`only ${n} periods of history, too short for ${selection.skipped.map((m) => METHOD_LABELS[m](seasonLength)).join(' or ')}`);
  if (selection.scaleKinds.includes('mean'))
    notes.push('the history barely changes, so MASE is scaled by its average level instead of the naive error');
  if (selection.scaleKinds.includes('unit')) notes.push('the training windows are all zero, so MASE is the plain mean absolute error in units');
  if (selection.plan && selection.plan.origins.length < 3) notes.push('few backtest windows, so the accuracy figure is uncertain');
  return notes;
}
