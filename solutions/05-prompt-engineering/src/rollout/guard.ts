/** What happened on one arm so far. */
export interface ArmStats {
  /** Requests served. */
  requests: number;
  /** Requests that failed (model error, invalid output…). */
  errors: number;
  /** `errors / requests`, 0 when there are none. */
  errorRate: number;
  /** Requests that got an eval score. */
  scored: number;
  /** Mean eval score over `scored`; undefined when none. */
  meanScore: number | undefined;
}

/** When the canary is bad enough to roll back automatically. */
export interface GuardPolicy {
  /** Outcomes needed on EACH arm before a metric is compared (per metric: requests or scores). */
  minSamples: number;
  /** Roll back when canary error rate − baseline error rate exceeds this (absolute, e.g. 0.05 = 5 points). */
  maxErrorRateIncrease: number;
  /** Roll back when baseline mean score − canary mean score exceeds this (in score units). */
  maxScoreDrop: number;
}

// Rates are floats: 0.1 - 0.05 is 0.05000000000000001, which must not count as "more than 0.05".
const EPSILON = 1e-9;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * Why the canary must be rolled back, or undefined while it may continue. Each metric is only
 * compared once both arms have `minSamples` of it: below that, a couple of unlucky requests
 * would roll back a good version (a false rollback).
 */
export function guardVerdict(baseline: ArmStats, canary: ArmStats, policy: GuardPolicy): string | undefined {
  if (baseline.requests >= policy.minSamples && canary.requests >= policy.minSamples) {
    const increase = canary.errorRate - baseline.errorRate;
    if (increase - policy.maxErrorRateIncrease > EPSILON) {
      return `error rate ${pct(canary.errorRate)} vs baseline ${pct(baseline.errorRate)} (+${pct(increase)} > ${pct(policy.maxErrorRateIncrease)})`;
    }
  }
  if (
    baseline.scored >= policy.minSamples &&
    canary.scored >= policy.minSamples &&
    baseline.meanScore !== undefined &&
    canary.meanScore !== undefined
  ) {
    const drop = baseline.meanScore - canary.meanScore;
    if (drop - policy.maxScoreDrop > EPSILON) {
      return `eval score ${canary.meanScore.toFixed(2)} vs baseline ${baseline.meanScore.toFixed(2)} (-${drop.toFixed(2)} > ${policy.maxScoreDrop})`;
    }
  }
  return undefined;
}
