/**
 * Seeded pseudo-random numbers for demo data, synthetic test series and benchmarks: the same seed
 * gives the same numbers on every run. The analytics code never draws random numbers.
 */

/** mulberry32: a tiny 32-bit generator, plenty for test data (not for anything security related). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws from a uniform generator (Box–Muller; one draw per call keeps it stateless). */
export function normalSampler(uniform: () => number): () => number {
  return () => {
    const u = 1 - uniform(); // (0, 1], so the log is finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}
