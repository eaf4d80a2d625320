/**
 * The statistics of an eval report: confidence intervals for pass rates (Wilson) and for
 * mean scores (percentile bootstrap with a seeded RNG), and the unbiased pass@k estimator.
 * Small functions, each tested against hand-computed values.
 */

/** z for a two-sided 95% interval: the 0.975 quantile of the standard normal. */
export const Z_95 = 1.959963984540054;

/** A two-sided interval. */
export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for a binomial proportion. Unlike the textbook `p ± z·sqrt(p(1-p)/n)`
 * it stays inside [0, 1] and does not collapse to a zero width at 0/n or n/n — exactly the
 * cases small eval sets produce.
 */
export function wilsonInterval(successes: number, total: number, z = Z_95): Interval {
  // TODO: validate: `total` a non-negative integer, `successes` an integer in 0..total (RangeError naming which).
  // TODO: total = 0 → { low: 0, high: 1 } (no data: anything is possible).
  // TODO: with p = successes/total and n = total:
  //         centre = (p + z²/(2n)) / (1 + z²/n)
  //         half   = z · sqrt(p(1-p)/n + z²/(4n²)) / (1 + z²/n)
  //       return { low: centre - half, high: centre + half }, but exactly 0 when successes = 0 and exactly 1
  //       when successes = total (floating point would give -1e-17 or 0.9999999999999999).
  void successes;
  void total;
  void z;
  throw new Error('TODO: wilsonInterval — the Wilson score interval (DoD-5)');
}

/**
 * A seeded PRNG (mulberry32): uniform in [0, 1), the same sequence for the same seed on
 * every machine. Reports must be reproducible, so nothing here uses `Math.random()`.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Arithmetic mean; NaN for no values. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Quantile of sorted values with linear interpolation (R type 7, numpy's default). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const a = sorted[lower] ?? Number.NaN;
  const b = sorted[upper] ?? Number.NaN;
  return a + (b - a) * (position - lower);
}

/** Options of `bootstrapMeanInterval`. */
export interface BootstrapOptions {
  /** Resamples; 2000 is plenty for a 95% percentile interval. */
  samples?: number;
  /** Coverage, e.g. 0.95. */
  confidence?: number;
  /** RNG seed: the same data and seed always give the same interval. */
  seed?: number;
}

/**
 * Percentile bootstrap interval of the mean: resample the values with replacement `samples`
 * times, take the mean of each resample, and read the `(1-confidence)/2` and
 * `(1+confidence)/2` quantiles. No normality assumption, so it suits bounded, skewed scores.
 */
export function bootstrapMeanInterval(values: readonly number[], options: BootstrapOptions = {}): Interval {
  const { samples = 2000, confidence = 0.95, seed = 1 } = options;
  // TODO: no values → RangeError; confidence outside (0, 1) → RangeError.
  // TODO: `const random = seededRandom(seed)`; `samples` times: draw values.length indices with
  //       `Math.floor(random() * n)` (with replacement) and record the mean of the drawn values.
  // TODO: sort the means ascending (a Float64Array sorts numerically) and return
  //       { low: quantileSorted(means, (1 - confidence) / 2), high: quantileSorted(means, (1 + confidence) / 2) }.
  void values;
  void samples;
  void confidence;
  void seed;
  throw new Error('TODO: bootstrapMeanInterval — percentile bootstrap with a seeded RNG (DoD-5)');
}

/**
 * Unbiased pass@k (Chen et al., 2021): the probability that at least one of k samples drawn
 * without replacement from n trials, c of which passed, passes: `1 - C(n-c, k) / C(n, k)`.
 * Computed as a product so it never overflows: `1 - Π_{i=n-c+1..n} (1 - k/i)`.
 */
export function passAtK(n: number, c: number, k: number): number {
  // TODO: validate: n ≥ 1, 0 ≤ c ≤ n, 1 ≤ k ≤ n, all integers (RangeError naming the bad one).
  // TODO: if n - c < k, every draw of k contains a pass → 1.
  // TODO: otherwise 1 - Π_{i = n-c+1 .. n} (1 - k/i)  (equal to 1 - C(n-c, k)/C(n, k), without factorials).
  void n;
  void c;
  void k;
  throw new Error('TODO: passAtK — the unbiased pass@k estimator (DoD-5)');
}
