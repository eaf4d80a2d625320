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
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`total must be a non-negative integer, got ${total}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > total) {
    throw new RangeError(`successes must be an integer in 0..${total}, got ${successes}`);
  }
  if (total === 0) return { low: 0, high: 1 };
  const p = successes / total;
  const z2 = z * z;
  const denominator = 1 + z2 / total;
  const centre = (p + z2 / (2 * total)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total))) / denominator;
  // At 0/n and n/n the bound is exactly 0 or 1; floating point would give -1e-17 or 0.9999999999999999.
  return {
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === total ? 1 : Math.min(1, centre + half),
  };
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
  if (values.length === 0) throw new RangeError('bootstrap needs at least one value');
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  if (!Number.isInteger(samples) || samples < 1) throw new RangeError(`samples must be a positive integer`);
  const random = seededRandom(seed);
  const n = values.length;
  const means = new Float64Array(samples);
  for (let s = 0; s < samples; s++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[Math.floor(random() * n)] ?? 0;
    means[s] = sum / n;
  }
  means.sort();
  const sorted = Array.from(means);
  const alpha = (1 - confidence) / 2;
  return { low: quantileSorted(sorted, alpha), high: quantileSorted(sorted, 1 - alpha) };
}

/**
 * Unbiased pass@k (Chen et al., 2021): the probability that at least one of k samples drawn
 * without replacement from n trials, c of which passed, passes: `1 - C(n-c, k) / C(n, k)`.
 * Computed as a product so it never overflows: `1 - Π_{i=n-c+1..n} (1 - k/i)`.
 */
export function passAtK(n: number, c: number, k: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  if (!Number.isInteger(c) || c < 0 || c > n) throw new RangeError(`c must be an integer in 0..${n}, got ${c}`);
  if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`k must be an integer in 1..${n}, got ${k}`);
  // Fewer failures than draws: every draw of k contains a pass.
  if (n - c < k) return 1;
  let allFail = 1;
  for (let i = n - c + 1; i <= n; i++) allFail *= 1 - k / i;
  return 1 - allFail;
}
