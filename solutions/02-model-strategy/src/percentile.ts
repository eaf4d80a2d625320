/**
 * Latency percentiles, nearest-rank method: the p-th percentile of n values is the value at
 * 1-based rank ⌈p/100 · n⌉ of the sorted list. Every result is a latency that was actually
 * measured (no interpolation between two calls), and p99 of fewer than 100 calls is simply
 * the slowest call — which is the honest answer for a small golden set.
 */
import type { LatencySummary } from './types.ts';

/** The p-th percentile (0 < p ≤ 100) of `values`, nearest-rank. Does not modify `values`. */
export function percentile(values: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) throw new Error(`percentile: p must be in (0, 100], got ${p}`);
  if (values.length === 0) throw new Error('percentile: no values (a percentile of nothing is undefined)');
  if (values.some((v) => !Number.isFinite(v))) throw new Error('percentile: every value must be a finite number');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  // rank is in [1, n] for p in (0, 100]; the fallback only satisfies the type checker.
  return sorted[rank - 1] ?? Number.NaN;
}

/** p50, p95 and p99 of `values` (nearest-rank). */
export function summariseLatencies(values: readonly number[]): LatencySummary {
  return { p50: percentile(values, 50), p95: percentile(values, 95), p99: percentile(values, 99) };
}
