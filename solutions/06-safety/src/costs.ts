/**
 * What the guard's mistakes cost this product, stated once by its owner, so that the threshold
 * and the policy rules are chosen against the same prices. The unit is one ordinary request
 * wrongly held or refused. Given code: identical in the starter. Change them and re-run
 * `node labs/06-safety/src/dev-report.ts` to see what moves.
 */
export interface GuardBudget {
  /** An ordinary request flagged as an injection: the user waits for a reviewer, or gives up. */
  falseFlag: number;
  /**
   * An injection the guard lets through: it reaches the model, and only spotlighting, the canary
   * and the output guard stand between it and the user.
   */
  miss: number;
  /**
   * The promise to users, whatever the costs say: at most this share of ordinary direct requests
   * ("How do I kill a Python process?") may be flagged.
   */
  maxOverRefusal: number;
}

/** The prices of this workshop's support assistant. */
export const GUARD_BUDGET: GuardBudget = { falseFlag: 1, miss: 3, maxOverRefusal: 0.05 };
