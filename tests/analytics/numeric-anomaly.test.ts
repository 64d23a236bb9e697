import { describe, expect, it } from 'vitest';
import { detectAnomalies } from '../../src/modules/analytics/numeric/anomaly.js';
import { mulberry32, normalSampler } from '../../src/shared/random.js';

const WEEK = [-8, -3, 0, 4, 9, 18, -20];

/** A year of daily revenue-like values: level 100, trend, weekday pattern (Sunday-like -20%), noise sd 4. */
function seasonalDaily(seed: number, length = 365): number[] {
  const z = normalSampler(mulberry32(seed));
  return Array.from({ length }, (_, t) => 100 + 0.05 * t + WEEK[t % 7] + 4 * z());
}

/** Adds `count` spikes and dips (alternating, 25–40 = 6–10 noise sd) at least three days apart. */
function inject(values: number[], seed: number, count: number): Map<number, 'spike' | 'dip'> {
  const u = mulberry32(seed);
  const injected = new Map<number, 'spike' | 'dip'>();
  while (injected.size < count) {
    const index = Math.floor(u() * values.length);
    if ([...injected.keys()].some((k) => Math.abs(k - index) < 3)) continue;
    const direction = injected.size % 2 === 0 ? 'spike' : 'dip';
    values[index] += (direction === 'spike' ? 1 : -1) * (25 + 15 * u());
    injected.set(index, direction);
  }
  return injected;
}

/** Poisson counts (Knuth's method; fine for rates up to a few hundred). */
function poissonSeries(uniform: () => number, length: number, rate: (t: number) => number): number[] {
  return Array.from({ length }, (_, t) => {
    const limit = Math.exp(-rate(t));
    let k = 0;
    for (let p = uniform(); p > limit; p *= uniform()) k += 1;
    return k;
  });
}

describe('detectAnomalies', () => {
  it('finds injected spikes and dips in weekly-seasonal series with high precision and recall', () => {
    let truePositives = 0;
    let falsePositives = 0;
    let missed = 0;
    for (let seed = 1; seed <= 10; seed++) {
      // given a year with 20 injected anomalies
      const values = seasonalDaily(seed);
      const injected = inject(values, 1000 + seed, 20);
      // when
      const found = detectAnomalies(values, { seasonLength: 7 });
      // then
      for (const point of found) {
        if (injected.get(point.index) === point.direction) truePositives += 1;
        else falsePositives += 1;
      }
      missed += [...injected.keys()].filter((index) => !found.some((p) => p.index === index)).length;
    }
    const precision = truePositives / (truePositives + falsePositives);
    const recall = truePositives / (truePositives + missed);
    console.info(
      `[anomaly] 10 seeded years, 200 injected spikes/dips (6–10 sd): precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} (${truePositives} found, ${falsePositives} false, ${missed} missed)`,
    );
    expect(precision).toBeGreaterThanOrEqual(0.8);
    expect(recall).toBeGreaterThanOrEqual(0.8);
  });

  it('describes each anomaly consistently: observed outside [lower, upper], signed score beyond the threshold', () => {
    const values = seasonalDaily(42);
    values[100] += 40;
    values[200] -= 40;
    const found = detectAnomalies(values, { seasonLength: 7, threshold: 3.5 });
    const spike = found.find((p) => p.index === 100);
    const dip = found.find((p) => p.index === 200);
    expect(spike).toMatchObject({ direction: 'spike', observed: values[100] });
    expect(dip).toMatchObject({ direction: 'dip', observed: values[200] });
    for (const p of found) {
      expect(p.lower).toBeLessThan(p.expected);
      expect(p.upper).toBeGreaterThan(p.expected);
      expect(p.observed < p.lower || p.observed > p.upper).toBe(true);
      expect(Math.abs(p.score)).toBeGreaterThan(3.5);
      expect(Math.sign(p.score)).toBe(p.direction === 'spike' ? 1 : -1);
    }
    // expected ≈ the clean value of that day (level + weekday effect), not the year's average
    expect(Math.abs(spike!.expected - (100 + 0.05 * 100 + WEEK[100 % 7]))).toBeLessThan(6);
    expect(Math.abs(dip!.expected - (100 + 0.05 * 200 + WEEK[200 % 7]))).toBeLessThan(6);
  });

  it('respects the weekly pattern: regular low and high weekdays of a clean series are not anomalies', () => {
    expect(detectAnomalies(seasonalDaily(7), { seasonLength: 7 }).length).toBeLessThanOrEqual(2);
    // orders of a shop that is nearly closed one day a week: ignoring the season, every such day is a "dip"
    const quietDay = poissonSeries(mulberry32(8), 365, (t) => (t % 7 === 3 ? 10 : 100));
    expect(detectAnomalies(quietDay, { seasonLength: 7 }).length).toBeLessThanOrEqual(2);
    const ignoringSeason = detectAnomalies(quietDay, { seasonLength: 1 });
    expect(ignoringSeason.filter((p) => p.index % 7 === 3 && p.direction === 'dip').length).toBeGreaterThan(40);
  });

  it('finds spikes and dips in Poisson order counts of a shop with a busy Saturday', () => {
    const counts = poissonSeries(mulberry32(21), 365, (t) => [12, 20, 20, 22, 25, 40, 60][t % 7]);
    counts[150] += 30;
    counts[250] = 2;
    const found = detectAnomalies(counts, { seasonLength: 7 });
    expect(found.map((p) => [p.index, p.direction])).toEqual([
      [150, 'spike'],
      [250, 'dip'],
    ]);
  });

  it('does not flag a slow mover’s ordinary one-unit sales, but flags a day with eight units', () => {
    const u = mulberry32(9);
    const sparse: number[] = Array.from({ length: 120 }, () => (u() < 0.1 ? 1 : 0));
    sparse[60] = 8;
    const found = detectAnomalies(sparse, { seasonLength: 7 });
    expect(found.map((p) => p.index)).toEqual([60]);
    expect(found[0].lower).toBe(0);
  });

  it('handles flat, constant-with-one-spike, short and messy series without throwing', () => {
    expect(detectAnomalies(new Array(60).fill(10), { seasonLength: 7 })).toEqual([]);
    expect(detectAnomalies(new Array(60).fill(0), { seasonLength: 7 })).toEqual([]);
    const flat = new Array(60).fill(10);
    flat[20] = 40;
    const found = detectAnomalies(flat, { seasonLength: 7 });
    expect(found.map((p) => [p.index, p.direction])).toEqual([[20, 'spike']]);
    expect(Number.isFinite(found[0].score)).toBe(true);
    expect(detectAnomalies([], { seasonLength: 7 })).toEqual([]);
    expect(detectAnomalies([1, 2, 3, 50, 2, 1], { seasonLength: 7 })).toEqual([]);
    const messy = seasonalDaily(3, 90).map((v, t) => (t % 17 === 0 ? Number.NaN : v));
    messy[45] += 40;
    const messyFound = detectAnomalies(messy, { seasonLength: 7 });
    expect(messyFound.map((p) => p.index)).toContain(45);
    expect(messyFound.every((p) => Number.isFinite(p.expected) && Number.isFinite(p.score))).toBe(true);
  });

  it('flags fewer points with a higher threshold and is deterministic', () => {
    const values = seasonalDaily(5);
    inject(values, 55, 10);
    const loose = detectAnomalies(values, { seasonLength: 7, threshold: 3 });
    const strict = detectAnomalies(values, { seasonLength: 7, threshold: 6 });
    expect(strict.length).toBeLessThan(loose.length);
    expect(strict.every((p) => loose.some((q) => q.index === p.index))).toBe(true);
    expect(detectAnomalies([...values], { seasonLength: 7, threshold: 3 })).toEqual(loose);
  });
});
