import type { PairedCase, RegressionVerdict } from './types.ts';

// TODO (DoD-1): decide when a candidate is worse than its baseline. You get every case of the
//   dataset with its passing trials in both runs, paired by id; return whether to block the merge
//   and one line of evidence for the reviewer. Flaky cases move in both directions on a mere
//   re-run; a real regression breaks cases that used to pass. Choose the rule and how sure it
//   must be. Judged on simulated test scenarios with known effects, in small and large datasets
//   alike: at most 5 % of no-change candidates blocked, at most 10 % of regressions let through
//   (test/dod-1-gate-decision.test.ts). Calibrate on dev: node labs/12-dev-tools/src/dev-report.ts
export function compareWithBaseline(pairs: readonly PairedCase[]): RegressionVerdict {
  throw new Error(`TODO (DoD-1): compare ${pairs.length} paired cases with the baseline`);
}
