import { type ForecastMethod, fitMethod, type MethodParams } from './forecast-methods.js';

/** Rolling-origin evaluation: each origin trains on history[0, origin) and forecasts `steps` values. */
export type BacktestPlan = { origins: number[]; steps: number };

/** How MASE was scaled; anything but 'seasonal' or 'lag1' is a fallback worth telling the reader about. */
export type ScaleKind = 'seasonal' | 'lag1' | 'mean' | 'unit';

const MAX_ORIGINS = 5;

/**
 * Origins over the last part of the history, spaced half a backtest window apart so the windows
 * overlap; the earliest origin still leaves `minTraining` points to train on. Null when even one
 * origin does not fit.
 */
export function planBacktest(length: number, horizon: number, seasonLength: number, minTraining: number): BacktestPlan | null {
  const wanted = Math.min(horizon, Math.max(2 * seasonLength, 6));
  const steps = Math.min(wanted, length - minTraining);
  if (steps < 1) return null;
  const spacing = Math.max(1, Math.ceil(steps / 2));
  const origins: number[] = [];
  for (let k = 0; k < MAX_ORIGINS; k++) {
    const origin = length - steps - k * spacing;
    if (origin < minTraining) break;
    origins.unshift(origin);
  }
  return { origins, steps };
}

/**
 * MASE denominator: in-sample MAE of the seasonal naive forecast (lag 1 when the window holds fewer
 * than two seasons). A zero scale (constant or all-zero training data) falls back to the lag-1 MAE,
 * then to the mean absolute level, then to 1 (MASE becomes the plain MAE in units).
 */
export function maseScale(train: readonly number[], seasonLength: number): { scale: number; kind: ScaleKind } {
  const lag = seasonLength > 1 && train.length >= 2 * seasonLength ? seasonLength : 1;
  const seasonal = meanAbsoluteDifference(train, lag);
  if (seasonal > 0) return { scale: seasonal, kind: lag > 1 ? 'seasonal' : 'lag1' };
  const lag1 = lag > 1 ? meanAbsoluteDifference(train, 1) : 0;
  if (lag1 > 0) return { scale: lag1, kind: 'lag1' };
  const level = train.length > 0 ? train.reduce((a, v) => a + Math.abs(v), 0) / train.length : 0;
  return level > 0 ? { scale: level, kind: 'mean' } : { scale: 1, kind: 'unit' };
}

function meanAbsoluteDifference(y: readonly number[], lag: number): number {
  if (y.length <= lag) return 0;
  let total = 0;
  for (let t = lag; t < y.length; t++) total += Math.abs(y[t] - y[t - lag]);
  return total / (y.length - lag);
}

export type BacktestScales = { scales: number[]; kinds: ScaleKind[] };

export function backtestScales(history: readonly number[], plan: BacktestPlan, seasonLength: number): BacktestScales {
  const scales: number[] = [];
  const kinds: ScaleKind[] = [];
  for (const origin of plan.origins) {
    const { scale, kind } = maseScale(history.slice(0, origin), seasonLength);
    scales.push(scale);
    kinds.push(kind);
  }
  return { scales, kinds };
}

/**
 * Mean over origins of MAE / scale. Forecasts are clamped at zero as they would be when served.
 * Smoothing parameters are fitted once, at the earliest origin, and kept for the later ones: no
 * origin sees data after it, and it costs one search per method instead of one per origin.
 */
export function backtestMase(
  history: readonly number[],
  method: ForecastMethod,
  seasonLength: number,
  plan: BacktestPlan,
  scales: readonly number[],
): number {
  let total = 0;
  let params: MethodParams | undefined;
  plan.origins.forEach((origin, k) => {
    const fitted = fitMethod(method, history.slice(0, origin), seasonLength, params);
    params = fitted.params;
    const forecast = fitted.forecast(plan.steps);
    let error = 0;
    for (let h = 0; h < plan.steps; h++) error += Math.abs(history[origin + h] - Math.max(0, forecast[h]));
    total += error / plan.steps / scales[k];
  });
  return total / plan.origins.length;
}
