import { expectMetric } from '@workshop/testkit';
import { describe, it } from 'vitest';
import { measureRetrieval } from '../eval/measure.ts';
import { TARGETS } from '../eval/targets.ts';
import { chunksOf, firstIds, once, testQuestions, yourTop5 } from './support.ts';

// Your chunks and your fusion: what the pipeline retrieves.
const measured = once(async () => {
  const search = async (q: string) => chunksOf(await yourTop5(q));
  const questions = testQuestions();
  return {
    all: await measureRetrieval(questions, search),
    paraphrased: await measureRetrieval(
      questions.filter((q) => q.kind === 'paraphrase'),
      search,
    ),
  };
});

describe('DoD-3 fused retrieval finds what either retriever misses', () => {
  it('puts the evidence of the test split’s answerable questions in the top 5', async () => {
    const { all } = await measured();
    expectMetric(
      { name: 'Recall@5', value: all.recall, target: TARGETS.fusedRecall, unit: 'ratio' },
      `${all.questions} answerable test questions; missed ${firstIds(all.misses)}`,
    );
  });

  it('finds the evidence of questions that share few words with the handbook', async () => {
    const { paraphrased } = await measured();
    expectMetric(
      { name: 'Recall@5 paraphrased', value: paraphrased.recall, target: TARGETS.paraphraseRecall, unit: 'ratio' },
      `${paraphrased.questions} paraphrased test questions; missed ${firstIds(paraphrased.misses)}`,
    );
  });
});
