import { type Agreement, FIRST_RUBRIC, type JudgeSetup, type LabelPair } from './helpfulness.ts';

// TODO (DoD-3): set up the helpfulness judge so that it agrees with people. This is the team's
//   first rubric; the dev report shows where it disagrees with the human verdicts. Decide what
//   the rubric asks, whether the judge sees the reference answer, and the lowest verdict that
//   passes. Judged on the test split of labelled answers through the emulated judge API: kappa
//   of at least 0.7, and no injected answer passes (test/dod-3-judge.test.ts).
export const HELPFULNESS_JUDGE: JudgeSetup = FIRST_RUBRIC;

// TODO (DoD-3): measure how far a judge agrees with people: the share of equal verdicts, and
//   Cohen's kappa, which discounts the agreement two raters reach by chance with their pass
//   rates. Judged on hand-computed tables and properties (test/dod-3-judge.test.ts).
export function agreement(pairs: readonly LabelPair[]): Agreement {
  throw new Error(`TODO (DoD-3): agreement of ${pairs.length} verdicts`);
}
