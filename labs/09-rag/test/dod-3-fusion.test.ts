import { expectMetric } from '@workshop/testkit';
import { describe, it } from 'vitest';
import { bm25Only, vectorOnly } from '../eval/baselines.ts';
import { measureRetrieval } from '../eval/measure.ts';
import { TARGETS } from '../eval/targets.ts';
import { chunksOf, firstIds, once, testQuestions, yourKnowledgeBase, yourTop5 } from './support.ts';

// Your chunks and your fusion (what the pipeline retrieves), against each retriever alone on
// the same chunks.
const measured = once(async () => {
  const knowledgeBase = await yourKnowledgeBase();
  const questions = testQuestions();
  const alone = async (fuse: typeof vectorOnly) =>
    (await measureRetrieval(questions, async (q) => chunksOf(await knowledgeBase.search(q, { topK: 5, fuse })))).recall;
  return {
    fused: await measureRetrieval(questions, async (q) => chunksOf(await yourTop5(q))),
    vector: await alone(vectorOnly),
    bm25: await alone(bm25Only),
  };
});

describe('DoD-3 fused retrieval keeps the evidence either retriever finds', () => {
  it('puts the evidence of the test split’s answerable questions in the top 5', async () => {
    const { fused } = await measured();
    expectMetric(
      { name: 'Recall@5', value: fused.recall, target: TARGETS.fusedRecall, unit: 'ratio' },
      `${fused.questions} answerable test questions; missed ${firstIds(fused.misses)}`,
    );
  });

  it('finds evidence that neither retriever finds alone', async () => {
    const { fused, vector, bm25 } = await measured();
    expectMetric(
      {
        name: 'gain over the better retriever',
        value: fused.recall - Math.max(vector, bm25),
        target: TARGETS.fusionGain,
        unit: 'ratio',
      },
      `your fusion ${fused.recall.toFixed(3)}; vector search alone ${vector.toFixed(3)}, BM25 alone ${bm25.toFixed(3)} (Recall@5, same chunks)`,
    );
  });
});
