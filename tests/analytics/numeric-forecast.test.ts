import { describe, expect, it } from 'vitest';
import { maseScale, planBacktest } from '../../src/modules/analytics/numeric/backtest.js';
import { fitCrostonSba } from '../../src/modules/analytics/numeric/croston.js';
import { type ForecastResult, forecastSeries } from '../../src/modules/analytics/numeric/forecast.js';
import { fitMethod } from '../../src/modules/analytics/numeric/forecast-methods.js';
import { mulberry32, normalSampler } from '../../src/shared/random.js';

const WEEK = [-8, -3, 0, 4, 9, 18, -20];

/** About a year of daily units: level 60, slow trend, weekday pattern, normal noise (sd 4). */
function seasonalDaily(seed: number, length: number): number[] {
  const z = normalSampler(mulberry32(seed));
  return Array.from({ length }, (_, t) => Math.max(0, 60 + 0.05 * t + WEEK[t % 7] + 4 * z()));
}

/** Sales on about a quarter of the days, 1–5 units each. */
function intermittentDaily(seed: number, length: number): number[] {
  const u = mulberry32(seed);
  return Array.from({ length }, () => (u() < 0.25 ? 1 + Math.floor(u() * 5) : 0));
}

/** MASE on a true holdout, scaled by the training window's in-sample seasonal naive MAE. */
function holdoutMase(train: number[], test: number[], forecast: number[], lag: number): number {
  let scale = 0;
  for (let t = lag; t < train.length; t++) scale += Math.abs(train[t] - train[t - lag]);
  scale /= train.length - lag;
  return test.reduce((total, v, h) => total + Math.abs(v - forecast[h]), 0) / test.length / scale;
}

const seasonalNaiveForecast = (train: number[], steps: number) => Array.from({ length: steps }, (_, h) => train[train.length - 7 + (h % 7)]);

function expectWellFormed(result: ForecastResult, horizon: number): void {
  expect(result.points).toHaveLength(horizon);
  for (const p of result.points) {
    expect(Number.isFinite(p.mean) && Number.isFinite(p.lower) && Number.isFinite(p.upper)).toBe(true);
    expect(p.lower).toBeGreaterThanOrEqual(0);
    expect(p.lower).toBeLessThanOrEqual(p.mean);
    expect(p.upper).toBeGreaterThanOrEqual(p.mean);
  }
  expect(result.reason.length).toBeGreaterThan(20);
}

describe('forecastSeries: accuracy on synthetic series with known structure', () => {
  it('beats seasonal naive on the 28-day holdout of a weekly-seasonal daily series', () => {
    // given a year of training data and the next four weeks held out
    const series = seasonalDaily(2024, 365 + 28);
    const train = series.slice(0, 365);
    const test = series.slice(365);
    // when
    const result = forecastSeries(train, { horizon: 28, seasonLength: 7 });
    // then
    const chosen = holdoutMase(
      train,
      test,
      result.points.map((p) => p.mean),
      7,
    );
    const baseline = holdoutMase(train, test, seasonalNaiveForecast(train, 28), 7);
    console.info(
      `[forecast] seasonal daily series, 28-day holdout: ${result.method} MASE ${chosen.toFixed(3)} vs seasonal naive ${baseline.toFixed(3)}; backtest MASE ${result.mase?.toFixed(3)} vs ${result.baselineMase?.toFixed(3)}`,
    );
    expect(result.method).toBe('holt_winters');
    expect(result.intermittent).toBe(false);
    expect(chosen).toBeLessThan(baseline * 0.9);
    expect(result.mase).not.toBeNull();
    expect(result.mase!).toBeLessThan(result.baselineMase!);
    expect(result.scores.map((s) => s.method).sort()).toEqual(['holt', 'holt_winters', 'naive', 'seasonal_naive', 'ses']);
    expect(result.reason).toMatch(/Holt-Winters.*MASE 0\.\d\d vs \d\.\d\d for seasonal naive/);
    expectWellFormed(result, 28);
  });

  it('wins on most of 20 seeded series, with 80% intervals covering about 80% of the holdout', () => {
    let wins = 0;
    let covered = 0;
    let chosenTotal = 0;
    let baselineTotal = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const series = seasonalDaily(seed, 365 + 28);
      const train = series.slice(0, 365);
      const test = series.slice(365);
      const result = forecastSeries(train, { horizon: 28, seasonLength: 7, level: 0.8 });
      const chosen = holdoutMase(
        train,
        test,
        result.points.map((p) => p.mean),
        7,
      );
      const baseline = holdoutMase(train, test, seasonalNaiveForecast(train, 28), 7);
      chosenTotal += chosen;
      baselineTotal += baseline;
      if (chosen < baseline) wins += 1;
      covered += test.filter((v, h) => v >= result.points[h].lower && v <= result.points[h].upper).length;
    }
    const coverage = covered / (20 * 28);
    console.info(
      `[forecast] 20 seeded seasonal series: chosen beats seasonal naive on ${wins}/20, mean holdout MASE ${(chosenTotal / 20).toFixed(3)} vs ${(baselineTotal / 20).toFixed(3)}, 80% interval coverage ${coverage.toFixed(3)}`,
    );
    expect(wins).toBeGreaterThanOrEqual(17);
    expect(coverage).toBeGreaterThan(0.7);
    expect(coverage).toBeLessThan(0.9);
  });

  it('routes an intermittent series (sales on ~1 day in 4) to Croston/SBA at about the true rate', () => {
    const series = intermittentDaily(99, 365 + 28);
    const train = series.slice(0, 365);
    const result = forecastSeries(train, { horizon: 28, seasonLength: 7 });
    console.info(
      `[forecast] intermittent series: ${result.method}, rate ${result.points[0].mean.toFixed(3)} (true 0.75), backtest MASE ${result.mase?.toFixed(3)} vs seasonal naive ${result.baselineMase?.toFixed(3)}`,
    );
    expect(result.intermittent).toBe(true);
    expect(result.method).toBe('croston_sba');
    expect(result.scores.map((s) => s.method)).toContain('croston_sba');
    // flat rate near 0.25 × 3 units; the interval reaches real sale sizes
    expect(result.points[0].mean).toBeGreaterThan(0.5);
    expect(result.points[0].mean).toBeLessThan(1);
    expect(new Set(result.points.map((p) => p.mean)).size).toBe(1);
    expect(result.points[0].upper).toBeGreaterThanOrEqual(2);
    expect(result.reason).toMatch(/intermittent.*Croston/);
    expectWellFormed(result, 28);
  });

  it('uses Croston/SBA for 20 of 20 intermittent series without a weekday pattern', () => {
    const methods = Array.from({ length: 20 }, (_, i) => forecastSeries(intermittentDaily(500 + i, 365), { horizon: 28, seasonLength: 7 }).method);
    expect(methods.filter((m) => m === 'croston_sba')).toHaveLength(20);
  });

  it('keeps the weekly shape of demand sold only on weekdays, although zeros make it intermittent', () => {
    const u = mulberry32(3);
    const series = Array.from({ length: 365 }, (_, t) => (t % 7 < 5 ? Math.round(8 + 4 * u()) : 0));
    const result = forecastSeries(series, { horizon: 14, seasonLength: 7 });
    expect(result.intermittent).toBe(true);
    expect(['holt_winters', 'seasonal_naive']).toContain(result.method);
    // step h is day 365 + h, phase (1 + h) mod 7; phases 5 and 6 never sell: steps 4, 5, 11 and 12
    const weekend = [4, 5, 11, 12].map((h) => result.points[h].mean);
    expect(Math.max(...weekend)).toBeLessThan(1);
    expect(result.points[0].mean).toBeGreaterThan(7);
    expect(result.reason).toMatch(/replaced Croston/);
  });

  it('follows a straight line with a trend method when there is no season', () => {
    const line = Array.from({ length: 60 }, (_, t) => 10 + 2 * t);
    const result = forecastSeries(line, { horizon: 3, seasonLength: 1 });
    expect(result.method).toBe('holt');
    expect(result.points[0].mean).toBeCloseTo(130, -0.5); // next value 130, within ±1.6
    expect(result.points[2].mean).toBeGreaterThan(result.points[0].mean);
    expect(result.baselineMase).toBeGreaterThan(1);
  });
});

describe('forecastSeries: building blocks against hand-computed values', () => {
  it('repeats the last cycle for seasonal naive', () => {
    const fitted = fitMethod('seasonal_naive', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14], 7);
    expect(fitted.forecast(9)).toEqual([8, 9, 10, 11, 12, 13, 14, 8, 9]);
    expect(fitted.residuals).toEqual([7, 7, 7, 7, 7, 7, 7]);
  });

  it('computes the Croston/SBA rate by hand for a tiny series', () => {
    // start: size 3 (mean of 2 and 4), interval 3 (6 periods / 2 demands); alpha 0.1
    // t=1 demand 2 after 2 periods: size 2.9, interval 2.9; t=4 demand 4 after 3: size 3.01, interval 2.91
    const fit = fitCrostonSba([0, 2, 0, 0, 4, 0], 0.1);
    expect(fit.rate).toBeCloseTo((0.95 * 3.01) / 2.91, 12);
  });

  it('plans rolling origins over the end of the history and scales MASE with fallbacks', () => {
    expect(planBacktest(365, 28, 7, 21)).toEqual({ origins: [323, 330, 337, 344, 351], steps: 14 });
    expect(planBacktest(10, 28, 7, 7)).toEqual({ origins: [7], steps: 3 });
    expect(planBacktest(7, 28, 7, 7)).toBeNull();
    expect(maseScale([1, 2, 3, 4, 5, 6, 7, 2, 3, 4, 5, 6, 7, 8], 7)).toEqual({ scale: 1, kind: 'seasonal' });
    expect(maseScale([5, 5, 5, 5], 7)).toEqual({ scale: 5, kind: 'mean' });
    expect(maseScale([0, 0, 0], 7)).toEqual({ scale: 1, kind: 'unit' });
  });
});

describe('forecastSeries: edge cases never throw and stay non-negative', () => {
  it('returns zeros and says there is no history for an empty series', () => {
    const result = forecastSeries([], { horizon: 5, seasonLength: 7 });
    expect(result.points).toEqual(Array.from({ length: 5 }, () => ({ mean: 0, lower: 0, upper: 0 })));
    expect(result.mase).toBeNull();
    expect(result.baselineMase).toBeNull();
    expect(result.reason).toMatch(/no history/);
  });

  it('forecasts zero for an all-zero history', () => {
    const result = forecastSeries(new Array(100).fill(0), { horizon: 7, seasonLength: 7 });
    expect(result.points.every((p) => p.mean === 0 && p.lower === 0 && p.upper === 0)).toBe(true);
    expect(result.reason).toMatch(/All 100 periods of history are zero/);
  });

  it('repeats a constant history with a zero-width interval and notes the MASE scale fallback', () => {
    const result = forecastSeries(new Array(60).fill(7), { horizon: 4, seasonLength: 7 });
    expect(result.points).toEqual(Array.from({ length: 4 }, () => ({ mean: 7, lower: 7, upper: 7 })));
    expect(result.mase).toBe(0);
    expect(result.reason).toMatch(/constant at 7/);
  });

  it.each([[[5]], [[3, 4]], [[0, 0, 9]], [[2, 5, 3, 4, 6]], [Array.from({ length: 10 }, (_, t) => t % 3)]])(
    'gives a rough, labelled forecast for the very short history %j',
    (history) => {
      const result = forecastSeries(history, { horizon: 7, seasonLength: 7 });
      expectWellFormed(result, 7);
      expect(result.points[0].upper).toBeGreaterThan(result.points[0].lower);
      expect(result.reason).toMatch(/only \d+ periods|too little to backtest|few backtest windows/);
    },
  );

  it('falls back to simpler methods with fewer than two seasons and says so', () => {
    const result = forecastSeries(seasonalDaily(5, 20), { horizon: 14, seasonLength: 7 });
    expect(result.scores.map((s) => s.method)).not.toContain('holt_winters');
    expect(result.reason).toMatch(/only 20 periods of history, too short for Holt-Winters/);
    expectWellFormed(result, 14);
  });

  it('clamps negative values, ignores non-finite ones and honours horizon 0', () => {
    const messy = [5, -3, Number.NaN, 4, Number.POSITIVE_INFINITY, -10, -12, -15, -20, -25, -30];
    const result = forecastSeries(messy, { horizon: 6, seasonLength: 1 });
    expectWellFormed(result, 6);
    expect(forecastSeries(seasonalDaily(1, 50), { horizon: 0, seasonLength: 7 }).points).toEqual([]);
  });

  it('widens the interval with the level', () => {
    const history = seasonalDaily(8, 200);
    const narrow = forecastSeries(history, { horizon: 7, seasonLength: 7, level: 0.5 }).points[3];
    const wide = forecastSeries(history, { horizon: 7, seasonLength: 7, level: 0.95 }).points[3];
    expect(wide.upper - wide.lower).toBeGreaterThan(1.5 * (narrow.upper - narrow.lower));
  });

  it('is deterministic: the same input gives the identical result', () => {
    for (const history of [seasonalDaily(11, 365), intermittentDaily(12, 365), [1, 2, 3]]) {
      const a = forecastSeries(history, { horizon: 28, seasonLength: 7 });
      const b = forecastSeries([...history], { horizon: 28, seasonLength: 7 });
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    }
  });
});
