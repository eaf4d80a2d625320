/** Outcomes seen on one arm so far. */
export interface ArmStats {
  /** Requests served. */
  requests: number;
  /** Requests that failed (a model error, invalid output, a thumbs-down…). */
  failures: number;
}

/** What the product owner states about this rollout. */
export interface GuardPolicy {
  /**
   * The smallest rise of the failure rate that must be rolled back, in absolute terms (0.02: the
   * canary fails 2 points more often than the baseline). A canary no worse than the baseline
   * should be rolled forward.
   */
  regression: number;
}

/** What the guard tells the rollout: stop it, finish it, or keep watching. */
export type GuardAction = 'rollback' | 'promote' | 'continue';

/** The guard's decision and why, in one line for the rollout log. */
export interface GuardDecision {
  action: GuardAction;
  reason: string;
}

// Wald's error rates, chosen on the dev canaries (README): rolling back a canary as good as the
// baseline, and promoting one worse by exactly `regression`.
const FALSE_ROLLBACK = 0.03;
const MISSED_REGRESSION = 0.1;
const ROLLBACK_AT = Math.log((1 - MISSED_REGRESSION) / FALSE_ROLLBACK);
const PROMOTE_AT = Math.log(MISSED_REGRESSION / (1 - FALSE_ROLLBACK));

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

/**
 * Wald's sequential probability ratio test of "the canary fails as often as the baseline"
 * against "it fails `regression` more often", asked again after every outcome. Its two
 * thresholds already pay for looking again and again, which a raw difference or a fixed-sample
 * test checked on every request does not. The baseline's rate is an estimate too, so the
 * evidence is discounted by the baseline's share of the data (the variance of a difference of
 * two rates): at a 5 % canary that changes little, at 50 % it halves the evidence.
 */
export function guardDecision(baseline: ArmStats, canary: ArmStats, policy: GuardPolicy): GuardDecision {
  // Half a failure and half a success on the baseline: no log of zero before its first failure.
  const p0 = (baseline.failures + 0.5) / (baseline.requests + 1);
  const p1 = Math.min(p0 + policy.regression, 0.999);
  const passes = canary.requests - canary.failures;
  const weight = baseline.requests / (baseline.requests + canary.requests || 1);
  const evidence = weight * (canary.failures * Math.log(p1 / p0) + passes * Math.log((1 - p1) / (1 - p0)));
  const figures = `canary ${canary.failures}/${canary.requests} failed, baseline ${pct(p0)}, log-likelihood ratio ${evidence.toFixed(2)}`;
  if (evidence >= ROLLBACK_AT) {
    return { action: 'rollback', reason: `failure rate up by ${pct(policy.regression)} or more: ${figures}` };
  }
  if (evidence <= PROMOTE_AT) {
    return { action: 'promote', reason: `no rise of ${pct(policy.regression)}: ${figures}` };
  }
  return { action: 'continue', reason: `not enough evidence yet: ${figures}` };
}
