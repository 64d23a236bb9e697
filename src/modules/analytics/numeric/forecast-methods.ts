import { fitCrostonSba } from './croston.js';
import { type EtsParams, fitEts } from './ets.js';

export type ForecastMethod = 'seasonal_naive' | 'naive' | 'holt_winters' | 'holt' | 'ses' | 'croston_sba';

/** A method fitted to one training window. */
export type FittedMethod = {
  forecast: (steps: number) => number[];
  /** One-step-ahead in-sample errors, the basis of the prediction intervals. */
  residuals: number[];
  /** Growth of the error scale with the step: multiplier of the one-step scale for 1..steps ahead. */
  spread: (steps: number) => number[];
  /** Fitted smoothing parameters, which later backtest origins reuse instead of searching again. */
  params: MethodParams;
};

export type MethodParams = { ets?: EtsParams; alpha?: number };

/** Simplest first: ties in the backtest go to the earlier method. */
export const SIMPLICITY_ORDER: readonly ForecastMethod[] = ['naive', 'seasonal_naive', 'ses', 'croston_sba', 'holt', 'holt_winters'];

/** Plain-language names that read mid-sentence; `capitalize` them at the start of one. */
export const METHOD_LABELS: Record<ForecastMethod, (seasonLength: number) => string> = {
  naive: () => 'carrying the last value forward (naive)',
  seasonal_naive: (m) => `seasonal naive (repeating the last ${m} periods)`,
  ses: () => 'simple exponential smoothing',
  holt: () => 'exponential smoothing with a damped trend (Holt)',
  holt_winters: (m) => `Holt-Winters exponential smoothing (damped trend and a ${m}-period seasonal pattern)`,
  croston_sba: () => "Croston's method with the SBA correction",
};

/** Shortest training window a method is fitted on; Holt-Winters needs two full seasons to start. */
export function minimumTraining(method: ForecastMethod, seasonLength: number): number {
  switch (method) {
    case 'naive':
      return 2;
    case 'seasonal_naive':
      return Math.max(seasonLength, 2);
    case 'ses':
    case 'croston_sba':
      return 4;
    case 'holt':
      return 6;
    case 'holt_winters':
      return 2 * seasonLength + 2;
  }
}

/** Fits `method` to `y`; with `reuse`, keeps those smoothing parameters and only runs the recursions. */
export function fitMethod(method: ForecastMethod, y: readonly number[], seasonLength: number, reuse?: MethodParams): FittedMethod {
  switch (method) {
    case 'naive':
      return seasonalNaive(y, 1);
    case 'seasonal_naive':
      return seasonalNaive(y, seasonLength);
    case 'ses':
      return ets(y, { trend: false, seasonLength: 1 }, reuse);
    case 'holt':
      return ets(y, { trend: true, seasonLength: 1 }, reuse);
    case 'holt_winters':
      return ets(y, { trend: true, seasonLength }, reuse);
    case 'croston_sba':
      return croston(y, reuse);
  }
}

function ets(y: readonly number[], spec: { trend: boolean; seasonLength: number }, reuse?: MethodParams): FittedMethod {
  const fit = fitEts(y, spec, reuse?.ets);
  return { ...fit, params: { ets: fit.params } };
}

/** Repeats the last `lag` values; h-step errors add up once per completed cycle. */
function seasonalNaive(y: readonly number[], lag: number): FittedMethod {
  const n = y.length;
  const residuals: number[] = [];
  for (let t = lag; t < n; t++) residuals.push(y[t] - y[t - lag]);
  return {
    residuals,
    params: {},
    forecast: (steps) => Array.from({ length: steps }, (_, i) => (n === 0 ? 0 : y[Math.max(0, n - lag) + (i % Math.min(lag, n))])),
    spread: (steps) => Array.from({ length: steps }, (_, i) => Math.sqrt(1 + Math.floor(i / lag))),
  };
}

function croston(y: readonly number[], reuse?: MethodParams): FittedMethod {
  const fit = fitCrostonSba(y, reuse?.alpha);
  return {
    residuals: fit.residuals,
    params: { alpha: fit.alpha },
    forecast: (steps) => new Array<number>(steps).fill(fit.rate),
    // Like SES on the demand rate: errors stay mostly the period's own noise.
    spread: (steps) => Array.from({ length: steps }, (_, i) => Math.sqrt(1 + fit.alpha * fit.alpha * i)),
  };
}
