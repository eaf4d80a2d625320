/**
 * At temperature > 0 the same case gives different outputs run after run, so one run per
 * version turns noise into "regressions" (and hides real ones). How many runs, and what counts
 * as a regression over them, is the decision here.
 */

/** How often an assertion held: `passed` of `runs`. */
export interface PassCount {
  /** Runs in which the assertion held. */
  passed: number;
  /** Runs of the case. */
  runs: number;
}

/** The cost budget: at most this many runs per case and version (a check makes 2 × cases × REPEATS calls). */
export const MAX_REPEATS = 10;

/** Runs per case and version: 9 keeps both error rates near 5 % on the dev suites (README). */
export const REPEATS = 9;

/** How unlikely the drop must be if both versions were equally good (one-sided). */
const SIGNIFICANCE = 0.05;

/** `n` choose `k` as a float (exact enough for the few dozen runs of a check). */
function choose(n: number, k: number): number {
  let result = 1;
  for (let i = 0; i < k; i += 1) result = (result * (n - i)) / (i + 1);
  return result;
}

/**
 * Fisher's exact test, one-sided: given how many runs passed in total, the chance that the
 * candidate got this few of them or fewer if the two versions pass equally often. No normal
 * approximation, so it is honest at eight runs; and it needs no assumed pass rate, so a
 * flaky assertion (60 % on both versions) is not flagged just for being flaky.
 */
export function regressed(baseline: PassCount, candidate: PassCount): boolean {
  const total = baseline.passed + candidate.passed;
  const all = choose(baseline.runs + candidate.runs, total);
  let pValue = 0;
  for (let k = Math.max(0, total - baseline.runs); k <= candidate.passed; k += 1) {
    pValue += (choose(candidate.runs, k) * choose(baseline.runs, total - k)) / all;
  }
  return pValue <= SIGNIFICANCE;
}
