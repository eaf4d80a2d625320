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

/**
 * The guard's decision after the latest outcome. The rollout asks it after every request it
 * records, on everything seen so far on both arms.
 */
export function guardDecision(baseline: ArmStats, canary: ArmStats, policy: GuardPolicy): GuardDecision {
  // TODO (DoD-3): decide when the evidence says the canary is worse by the policy's regression
  //   (roll back), when it says it is not (promote), and when it does not say yet (continue). The
  //   rule is asked again after every request, and the baseline's rate is measured too. Judged on
  //   simulated canaries with known rates (test split), in every difficulty band: at most 5 % false
  //   rollbacks of good ones and 10 % missed regressions; 900 canary requests to a decision on
  //   average; and properties (test/dod-3-guard.test.ts).
  //   Calibrate on dev: node labs/05-prompt-engineering/src/dev-report.ts
  void baseline;
  void canary;
  void policy;
  throw new Error('TODO: guardDecision (DoD-3), see the TODO in src/rollout/guard.ts');
}
