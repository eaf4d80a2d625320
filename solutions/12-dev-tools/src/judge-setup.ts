import type { Agreement, JudgeSetup, LabelPair } from './helpfulness.ts';

/**
 * The helpfulness judge. People call an answer helpful when it gives the policy's facts, invents
 * nothing, answers what was asked, and admits not knowing what the policy does not cover.
 * - The rubric names each of those, in checkable sentences, and says length is no merit: the
 *   first rubric ("friendly, thorough, confident") passed verbose wrong answers and failed
 *   honest "I don't know" answers (dev: kappa 0.01).
 * - The reference answer goes to the judge: a judge cannot tell 30 days from 14 without it.
 *   Cost: a person writes a reference per question, and every judge call carries it.
 * - Pass at 4: an answer that leaves out half of the facts scores 3, and people fail it.
 */
export const HELPFULNESS_JUDGE: JudgeSetup = {
  rubric: [
    'A helpful answer states the correct facts and figures of the reference answer.',
    'It invents nothing: no figure, fee or promise that the reference does not contain.',
    'It answers the question the customer asked.',
    'When the reference says the policy does not cover the question, admitting that you do not know is right.',
    'Length and friendliness earn nothing.',
  ].join('\n'),
  minScore: 4,
  reference: true,
};

/**
 * Agreement of judge and people: accuracy, and Cohen's kappa, which discounts the agreement two
 * raters reach by chance with their pass rates. Accuracy alone flatters a judge that always says
 * "fail" when most answers fail. Kappa is 1 for perfect agreement, 0 for chance, below 0 for
 * worse than chance; when both raters give one label to everything there is nothing to discount
 * and it is 1 when they agree.
 */
export function agreement(pairs: readonly LabelPair[]): Agreement {
  if (pairs.length === 0) throw new RangeError('agreement needs at least one judged answer');
  const n = pairs.length;
  const agreed = pairs.filter((p) => p.judge === p.human).length / n;
  const judgePass = pairs.filter((p) => p.judge).length / n;
  const humanPass = pairs.filter((p) => p.human).length / n;
  const chance = judgePass * humanPass + (1 - judgePass) * (1 - humanPass);
  const kappa = chance === 1 ? (agreed === 1 ? 1 : 0) : (agreed - chance) / (1 - chance);
  return { accuracy: agreed, kappa };
}
