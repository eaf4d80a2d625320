import { expectMetric } from '@workshop/testkit';
import { describe, it } from 'vitest';
import { bm25Only } from '../eval/baselines.ts';
import { measureRetrieval } from '../eval/measure.ts';
import { TARGETS } from '../eval/targets.ts';
import { chunksOf, firstIds, once, testQuestions, yourKnowledgeBase } from './support.ts';

// Your chunks, ranked by BM25 alone: this checkpoint judges the chunk size and overlap, not the
// fusion (DoD-3) nor the embedding model (BM25 ranks the same whichever model is configured).
const measured = once(async () => {
  const knowledgeBase = await yourKnowledgeBase();
  return measureRetrieval(testQuestions(), async (q) =>
    chunksOf(await knowledgeBase.search(q, { topK: 5, fuse: bm25Only })),
  );
});

describe('DoD-2 chunks hold the evidence at a prompt cost you chose', () => {
  it('puts the evidence of the test split’s answerable questions in the top 5', async () => {
    const figures = await measured();
    expectMetric(
      { name: 'Recall@5', value: figures.recall, target: TARGETS.chunkRecall, unit: 'ratio' },
      `${figures.questions} answerable test questions; evidence missed for ${firstIds(figures.misses)}`,
    );
  });

  it('keeps the five chunks a question retrieves within the prompt budget', async () => {
    const figures = await measured();
    expectMetric(
      { name: 'tokens per question', value: figures.tokens, target: TARGETS.chunkTokens, unit: 'tokens' },
      'mean tokens of the top 5 chunks over the answerable test questions',
    );
  });
});
