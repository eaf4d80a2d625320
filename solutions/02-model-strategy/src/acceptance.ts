/**
 * The acceptance rule: after each trial, does the evidence show that the candidate's TRUE success
 * rate meets the bar, show that it does not, or not yet? Judged by simulation on candidates whose
 * true rates are known (DoD-1: the errors it makes; DoD-2: the trials it spends).
 */
import type { Evidence, RuleVerdict } from './types.ts';

/**
 * Wald's sequential probability ratio test (SPRT), truncated by the budget. It weighs two
 * hypotheses after every trial: the candidate is exactly at the bar (the best a candidate we must
 * not accept can be), or it is clearly good (it fails at most half as often as the bar allows).
 * Unlike an interval re-checked after every trial, its error rates already account for looking
 * after every trial, so stopping early costs no extra false accepts.
 */

/** Chance of accepting a candidate whose true rate is exactly the bar (the costly error); lower below it. */
const FALSE_ACCEPT_RISK = 0.05;
/** Chance of rejecting a clearly good candidate (it costs a re-run or a pricier model, not an incident). */
const FALSE_REJECT_RISK = 0.1;

const ACCEPT_AT = Math.log((1 - FALSE_REJECT_RISK) / FALSE_ACCEPT_RISK);
const REJECT_AT = Math.log(FALSE_REJECT_RISK / (1 - FALSE_ACCEPT_RISK));

/** Accept, reject, or ask for another trial, from `successes` of `trials` against the bar. */
export function judgeEvidence({ trials, successes }: Evidence, bar: number): RuleVerdict {
  if (!(bar > 0 && bar < 1)) throw new RangeError(`judgeEvidence: the bar must be between 0 and 1, got ${bar}`);
  if (!Number.isInteger(trials) || trials < 1) {
    throw new RangeError(`judgeEvidence: trials must be a whole number of at least 1, got ${trials}`);
  }
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) {
    throw new RangeError(`judgeEvidence: successes must be a whole number from 0 to ${trials}, got ${successes}`);
  }
  // "Clearly good" is the product decision this rule is designed around: half the allowed failures.
  const good = bar + (1 - bar) / 2;
  const failures = trials - successes;
  // Log-likelihood ratio of "clearly good" against "exactly at the bar".
  const evidenceForGood = successes * Math.log(good / bar) + failures * Math.log((1 - good) / (1 - bar));
  if (evidenceForGood >= ACCEPT_AT) return 'accept';
  if (evidenceForGood <= REJECT_AT) return 'reject';
  return 'continue';
}
