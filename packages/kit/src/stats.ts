/**
 * Summaries of measured samples. Percentiles use the nearest-rank method: every result is a value
 * that was actually measured (no interpolation between two calls), and p99 of fewer than 100
 * samples is simply the largest, which is the honest answer for a small run.
 */

/** The p-th percentile (0 < p ≤ 100) of `values`, nearest-rank. Does not modify `values`. */
export function percentile(values: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile: p must be in (0, 100], got ${p}`);
  if (values.length === 0) throw new RangeError('percentile: no values (a percentile of nothing is undefined)');
  if (values.some((v) => !Number.isFinite(v))) throw new RangeError('percentile: every value must be a finite number');
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1] as number;
}

/** p50, p95 and p99 of `values` (nearest-rank), sorting once. */
export function latencyPercentiles(values: readonly number[]): { p50: number; p95: number; p99: number } {
  if (values.length === 0) throw new RangeError('latencyPercentiles: no values');
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.ceil((p / 100) * sorted.length) - 1] as number;
  return { p50: at(50), p95: at(95), p99: at(99) };
}

/** The arithmetic mean; throws on an empty list rather than returning NaN. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('mean: no values');
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/**
 * The Wilson score interval for a success rate: `successes` of `trials` at confidence `z`
 * (1.96 ≈ 95 %). Unlike the normal approximation it stays inside [0, 1] and is honest for small
 * samples: 11 of 12 gives about 0.65–0.99, not "92 %".
 */
export function wilsonInterval(successes: number, trials: number, z = 1.96): { low: number; high: number } {
  if (!Number.isInteger(trials) || trials <= 0)
    throw new RangeError(`wilsonInterval: trials must be a positive integer, got ${trials}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > trials)
    throw new RangeError(`wilsonInterval: successes must be an integer in [0, ${trials}], got ${successes}`);
  const p = successes / trials;
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (z / (1 + z2 / trials)) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
