/**
 * Latency percentiles, nearest-rank method: the p-th percentile of n values is the value at
 * 1-based rank ⌈p/100 · n⌉ of the sorted list. Every result is a latency that was actually
 * measured (no interpolation between two calls), and p99 of fewer than 100 calls is simply
 * the slowest call — which is the honest answer for a small golden set.
 */
import type { LatencySummary } from './types.ts';

/** The p-th percentile (0 < p ≤ 100) of `values`, nearest-rank. Does not modify `values`. */
export function percentile(values: readonly number[], p: number): number {
  // TODO: throw an Error naming the bad value when p is not in (0, 100], and an Error saying
  //       there are no values when `values` has none (a percentile of nothing is undefined).
  // TODO: sort a COPY numerically (`[...values].sort((a, b) => a - b)` — the default sort
  //       compares strings), take rank = Math.ceil((p / 100) * n) and return sorted[rank - 1].
  void values;
  void p;
  throw new Error('TODO: percentile — implement the nearest-rank method (see src/percentile.ts)');
}

/** p50, p95 and p99 of `values` (nearest-rank). */
export function summariseLatencies(values: readonly number[]): LatencySummary {
  // TODO: return { p50, p95, p99 } using `percentile`.
  void values;
  throw new Error('TODO: summariseLatencies — return p50, p95 and p99 via percentile()');
}
