/**
 * Croston's method with the Syntetos–Boylan approximation (SBA) for intermittent demand: demand
 * sizes and the intervals between demands are smoothed separately, and the rate z / p is scaled by
 * (1 - alpha / 2) to remove Croston's upward bias.
 */

export type CrostonFit = {
  alpha: number;
  /** Flat forecast per period. */
  rate: number;
  residuals: number[];
};

const ALPHAS = [0.05, 0.1, 0.15, 0.2, 0.3];

/** Picks the smoothing constant with the lowest in-sample one-step SSE, or uses `fixedAlpha`. */
export function fitCrostonSba(y: readonly number[], fixedAlpha?: number): CrostonFit {
  let best: CrostonFit = { alpha: ALPHAS[0], rate: 0, residuals: [] };
  let bestSse = Number.POSITIVE_INFINITY;
  for (const alpha of fixedAlpha !== undefined ? [fixedAlpha] : ALPHAS) {
    const residuals: number[] = [];
    const rate = runCroston(y, alpha, residuals);
    let sse = 0;
    for (const r of residuals) sse += r * r;
    if (sse < bestSse) {
      bestSse = sse;
      best = { alpha, rate, residuals };
    }
  }
  return best;
}

/** Runs the recursions, collecting one-step errors; returns the final SBA rate. */
function runCroston(y: readonly number[], alpha: number, residuals: number[]): number {
  const demands = y.filter((v) => v > 0);
  if (demands.length === 0) {
    for (const v of y) residuals.push(v);
    return 0;
  }
  // Start from the training averages rather than the first demand, which is a noisy single draw.
  let size = demands.reduce((a, b) => a + b, 0) / demands.length;
  let interval = y.length / demands.length;
  let sinceLast = 1;
  const correction = 1 - alpha / 2;
  for (const v of y) {
    residuals.push(v - (correction * size) / interval);
    if (v > 0) {
      size += alpha * (v - size);
      interval += alpha * (sinceLast - interval);
      sinceLast = 1;
    } else {
      sinceLast += 1;
    }
  }
  return (correction * size) / interval;
}
