import { relevantHits } from '@lab/threshold.ts';
import { expectMetric } from '@workshop/testkit';
import { describe, it } from 'vitest';
import { measureRefusal } from '../eval/measure.ts';
import { TARGETS } from '../eval/targets.ts';
import { firstIds, once, testQuestions, yourTop5 } from './support.ts';

// Your chunks, your fusion, your gate over the top 5 candidates: exactly what `ask()` does before
// it decides whether to call the model.
const measured = once(async () => {
  return measureRefusal(testQuestions(), yourTop5, relevantHits);
});

describe('DoD-4 the desk says "I don\'t know" when the handbook does not answer', () => {
  it('refuses the test split’s unanswerable questions', async () => {
    const figures = await measured();
    expectMetric(
      { name: 'no-result rate', value: figures.noResult, target: TARGETS.noResult, unit: 'ratio' },
      `${figures.unanswerable} unanswerable test questions; answered: ${firstIds(figures.mistakes.filter((m) => !m.answerable))}`,
    );
  });

  it('still answers the answerable questions whose evidence was retrieved', async () => {
    const figures = await measured();
    expectMetric(
      { name: 'false fallback rate', value: figures.falseFallback, target: TARGETS.falseFallback, unit: 'ratio' },
      `${figures.answerableFound} of ${figures.answerable} answerable test questions had their evidence in the top 5; refused: ${firstIds(figures.mistakes.filter((m) => m.answerable))}`,
    );
  });
});
