/**
 * The acceptance rule: after each trial, does the evidence show that the candidate's TRUE success
 * rate meets the bar, show that it does not, or not yet? Judged by simulation on candidates whose
 * true rates are known (DoD-1: the errors it makes; DoD-2: the trials it spends).
 */
import type { Evidence, RuleVerdict } from './types.ts';

/** Accept, reject, or ask for another trial, from `successes` of `trials` against the bar. */
export function judgeEvidence(evidence: Evidence, bar: number): RuleVerdict {
  // TODO (DoD-1): decide how much evidence is enough to accept. Accept only when the trials show
  //   the true rate meets the bar: at most 5 in 100 near-miss candidates accepted, at least 90 in
  //   100 clearly good ones, on the test split (test/dod-1-errors.test.ts).
  // TODO (DoD-2): stop as soon as the evidence is clear either way: at most 100 trials per
  //   candidate on average, a hopeless one rejected within 20 (test/dod-2-trials.test.ts).
  //   Calibrate on the dev split only: node labs/02-model-strategy/src/dev-report.ts
  void evidence;
  void bar;
  throw new Error('TODO: judgeEvidence — decide when the evidence is enough (see src/acceptance.ts)');
}
