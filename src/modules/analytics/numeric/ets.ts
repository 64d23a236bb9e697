/**
 * Additive exponential smoothing (ETS with additive errors): simple (SES), damped trend (Holt) and
 * damped trend with additive seasonality (Holt-Winters). Smoothing parameters are fitted by
 * minimizing the in-sample one-step squared error: a fixed grid, then a short deterministic
 * pattern search around the best grid point.
 */

export type EtsSpec = { trend: boolean; seasonLength: number };
export type EtsParams = { alpha: number; beta: number; gamma: number; phi: number };
/** State after the last observation; `season` is indexed by (time index mod seasonLength). */
type EtsState = { level: number; trend: number; season: Float64Array };

export type EtsFit = {
  params: EtsParams;
  /** One-step-ahead in-sample errors. */
  residuals: number[];
  forecast: (steps: number) => number[];
  /** Multipliers of the one-step error scale for 1..steps ahead: sqrt(1 + sum of c_j²) (Hyndman et al., class 1 models). */
  spread: (steps: number) => number[];
};

const ALPHAS = [0.05, 0.15, 0.3, 0.5, 0.8];
const BETAS = [0, 0.05, 0.2];
const GAMMAS = [0.02, 0.1, 0.3];
const PHIS = [0.9, 0.98];
const BOUNDS: Record<keyof EtsParams, [number, number]> = { alpha: [0.01, 1], beta: [0, 1], gamma: [0, 1], phi: [0.8, 0.99] };

/** Fits the smoothing parameters, or reuses `fixed` ones (later backtest origins) and only runs the recursions. */
export function fitEts(y: readonly number[], spec: EtsSpec, fixed?: EtsParams): EtsFit {
  const init = initialState(y, spec);
  const params = fixed ?? searchParams(y, spec, init);
  const residuals: number[] = [];
  const { state } = runEts(y, spec, params, init, residuals);
  return {
    params,
    residuals,
    forecast: (steps) => forecastFrom(state, spec, params, y.length, steps),
    spread: (steps) => spreadFactors(spec, params, steps),
  };
}

function searchParams(y: readonly number[], spec: EtsSpec, init: EtsState): EtsParams {
  let best = { params: { alpha: 0.1, beta: 0, gamma: 0, phi: 1 }, sse: Number.POSITIVE_INFINITY };
  for (const params of grid(spec)) {
    const sse = runEts(y, spec, params, init).sse;
    if (sse < best.sse) best = { params, sse };
  }
  return refine(y, spec, init, freeParams(spec), best).params;
}

function freeParams(spec: EtsSpec): (keyof EtsParams)[] {
  const names: (keyof EtsParams)[] = ['alpha'];
  if (spec.trend) names.push('beta', 'phi');
  if (spec.seasonLength > 1) names.push('gamma');
  return names;
}

function* grid(spec: EtsSpec): Generator<EtsParams> {
  const seasonal = spec.seasonLength > 1;
  for (const alpha of ALPHAS)
    for (const beta of spec.trend ? BETAS : [0])
      for (const phi of spec.trend ? PHIS : [1]) for (const gamma of seasonal ? GAMMAS : [0]) yield { alpha, beta, gamma, phi };
}

/** Coordinate pattern search: try ± step on each free parameter, halve the step when nothing improves. */
function refine(y: readonly number[], spec: EtsSpec, init: EtsState, free: (keyof EtsParams)[], start: { params: EtsParams; sse: number }) {
  let best = start;
  let step = 0.04;
  for (let round = 0; round < 12 && step > 0.004; round++) {
    let improved = false;
    for (const name of free) {
      for (const direction of [-1, 1]) {
        const [low, high] = BOUNDS[name];
        const value = Math.min(high, Math.max(low, best.params[name] + direction * (name === 'phi' ? step / 2 : step)));
        const params = { ...best.params, [name]: value };
        const sse = runEts(y, spec, params, init).sse;
        if (sse < best.sse) {
          best = { params, sse };
          improved = true;
        }
      }
    }
    if (!improved) step /= 2;
  }
  return best;
}

/**
 * Heuristic start values: for seasonal models the first (up to four) full seasons give the season
 * means (level and trend) and the detrended weekday offsets; otherwise a line through the first points.
 */
function initialState(y: readonly number[], spec: EtsSpec): EtsState {
  const m = spec.seasonLength;
  if (m > 1 && y.length >= 2 * m) return seasonalStart(y, m, spec.trend);
  const count = Math.min(y.length, Math.max(5, m));
  let sx = 0;
  let sy = 0;
  let sxy = 0;
  let sxx = 0;
  for (let t = 0; t < count; t++) {
    sx += t;
    sy += y[t];
    sxy += t * y[t];
    sxx += t * t;
  }
  const slope = spec.trend && count > 1 ? (count * sxy - sx * sy) / (count * sxx - sx * sx) : 0;
  const intercept = count > 0 ? (sy - slope * sx) / count : 0;
  return { level: intercept - slope, trend: slope, season: new Float64Array(Math.max(m, 1)) };
}

function seasonalStart(y: readonly number[], m: number, trend: boolean): EtsState {
  const seasons = Math.min(Math.floor(y.length / m), 4);
  const means: number[] = [];
  for (let j = 0; j < seasons; j++) {
    let total = 0;
    for (let i = 0; i < m; i++) total += y[j * m + i];
    means.push(total / m);
  }
  const slope = trend ? (means[seasons - 1] - means[0]) / ((seasons - 1) * m) : 0;
  const season = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let offset = 0;
    for (let j = 0; j < seasons; j++) offset += y[j * m + i] - (means[j] + slope * (i - (m - 1) / 2));
    season[i] = offset / seasons;
  }
  const centre = season.reduce((a, b) => a + b, 0) / m;
  for (let i = 0; i < m; i++) season[i] -= centre;
  // The first season's mean sits at its middle; step back to just before the first observation.
  return { level: means[0] - slope * ((m - 1) / 2 + 1), trend: slope, season };
}

/** One pass of the error-correction recursions; returns the SSE and the final state. */
function runEts(y: readonly number[], spec: EtsSpec, p: EtsParams, init: EtsState, residuals?: number[]): { sse: number; state: EtsState } {
  const m = spec.seasonLength;
  const seasonal = m > 1;
  const season = Float64Array.from(init.season);
  let level = init.level;
  let trend = init.trend;
  let sse = 0;
  let phase = 0;
  const phi = spec.trend ? p.phi : 0;
  for (let t = 0; t < y.length; t++) {
    const damped = phi * trend;
    const s = season[phase];
    const error = y[t] - (level + damped + s);
    sse += error * error;
    if (residuals) residuals.push(error);
    const nextLevel = p.alpha * (y[t] - s) + (1 - p.alpha) * (level + damped);
    trend = p.beta * (nextLevel - level) + (1 - p.beta) * damped;
    if (seasonal) {
      season[phase] = p.gamma * (y[t] - nextLevel) + (1 - p.gamma) * s;
      phase = phase + 1 === m ? 0 : phase + 1;
    }
    level = nextLevel;
  }
  return { sse, state: { level, trend, season } };
}

function forecastFrom(state: EtsState, spec: EtsSpec, p: EtsParams, origin: number, steps: number): number[] {
  const m = spec.seasonLength;
  const out: number[] = [];
  let dampedSum = 0;
  let power = 1;
  for (let h = 1; h <= steps; h++) {
    power *= p.phi;
    dampedSum += power;
    const trend = spec.trend ? dampedSum * state.trend : 0;
    out.push(state.level + trend + (m > 1 ? state.season[(origin + h - 1) % m] : 0));
  }
  return out;
}

/** c_j = alpha + alpha·beta·(phi + … + phi^j) + gamma·(1 - alpha)·[j a multiple of m], in this parameterization. */
function spreadFactors(spec: EtsSpec, p: EtsParams, steps: number): number[] {
  const m = spec.seasonLength;
  const out: number[] = [];
  let variance = 1;
  let dampedSum = 0;
  let power = 1;
  for (let h = 1; h <= steps; h++) {
    out.push(Math.sqrt(variance));
    power *= p.phi;
    dampedSum += power;
    const c = p.alpha + (spec.trend ? p.alpha * p.beta * dampedSum : 0) + (m > 1 && h % m === 0 ? p.gamma * (1 - p.alpha) : 0);
    variance += c * c;
  }
  return out;
}
