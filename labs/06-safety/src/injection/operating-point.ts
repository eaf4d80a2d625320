/**
 * The guard's operating point: which prompts the input guard flags. A lower threshold catches more
 * injections and holds more ordinary requests; the right one depends on what each mistake costs,
 * and on the scores of the model you actually ship — so it is computed from both, never typed in.
 */
import type { GuardBudget } from '../costs.ts';
import type { OperatingPoint, ScoredPrompt } from './calibration.ts';

/**
 * The threshold at or above which the classifier flags a prompt (a known attack phrasing flags it
 * whatever the threshold). `dev` holds the out-of-fold scores of the dev prompts with their labels;
 * `budget` holds the product's prices and its promise to users (`src/costs.ts`).
 */
export function chooseOperatingPoint(dev: readonly ScoredPrompt[], budget: GuardBudget): OperatingPoint {
  // TODO (DoD-1): derive the threshold from the dev scores and the budget (a typed-in number breaks as
  // soon as the model is retrained): the cheapest choice at the budget's prices that keeps its promise
  // on over-refusal. Judged by test/dod-1-operating-point.test.ts: TPR, false flags and over-refusal on
  // the test split, and whether the choice follows the scores and the prices. Compare candidates with
  // `node labs/06-safety/src/dev-report.ts`.
  void dev;
  void budget;
  throw new Error('TODO: chooseOperatingPoint — choose the threshold from the dev scores and the budget');
}
