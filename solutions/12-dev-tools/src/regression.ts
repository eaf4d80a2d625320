import type { PairedCase, RegressionVerdict } from './types.ts';

/**
 * Chance of calling an unchanged candidate a regression. 5 %: on the dev scenarios it kept false
 * blocks near 2 % in both bands and missed about 3 % of regressions; 1 % missed a fifth of them.
 */
const ALPHA = 0.05;

/**
 * Exact one-sided sign test on the paired cases. Only cases that moved carry evidence: a case
 * both runs pass (or both fail) says nothing about the change, however many there are, and
 * pairing removes the case-to-case variance an unpaired comparison of two pass rates keeps.
 * One-sided, because the gate blocks regressions and an improvement is never a reason to fail.
 * With one trial per case this is McNemar's exact test on the discordant pairs.
 */
export function compareWithBaseline(pairs: readonly PairedCase[]): RegressionVerdict {
  let worse = 0;
  let better = 0;
  for (const { baseline, candidate } of pairs) {
    const change = candidate.passed / candidate.trials - baseline.passed / baseline.trials;
    if (change < 0) worse++;
    else if (change > 0) better++;
  }
  const p = atLeast(worse, worse + better);
  const evidence = `${worse} of ${pairs.length} cases worse, ${better} better (sign test p = ${p.toFixed(3)}, alpha ${ALPHA})`;
  return { regressed: p < ALPHA, detail: evidence };
}

/** P(X ≥ k) for X ~ Binomial(n, 1/2): how often noise alone makes k of n moved cases worse. */
function atLeast(k: number, n: number): number {
  // In logs: 0.5 ** n underflows to 0 beyond about a thousand moved cases.
  let logChoose = 0; // ln C(n, i), updated by the ratio (n - i) / (i + 1)
  let tail = 0;
  for (let i = 0; i <= n; i++) {
    if (i >= k) tail += Math.exp(logChoose - n * Math.LN2);
    logChoose += Math.log(n - i) - Math.log(i + 1);
  }
  return Math.min(1, tail);
}
