import { Bm25Index } from '@lab/bm25.ts';
import { loadHandbook, loadQuestions } from '@lab/corpus.ts';
import { reciprocalRankFusion } from '@lab/fusion.ts';
import { createKnowledgeBase } from '@lab/knowledge-base.ts';
import { OfflineEmbeddingModel } from '@workshop/llm';
import { createMemoryVectorStore } from '@workshop/vector';
import { describe, expect, it } from 'vitest';

describe('DoD-3 reciprocal rank fusion', () => {
  it('scores each id by the sum of 1 / (k + rank) over the lists that contain it', () => {
    const fused = reciprocalRankFusion([
      ['a', 'b', 'c'],
      ['b', 'c', 'd'],
    ]);
    expect(fused.map((f) => f.id)).toEqual(['b', 'c', 'a', 'd']);
    expect(fused[0]?.score).toBeCloseTo(1 / 62 + 1 / 61, 12);
    expect(fused[0]?.ranks).toEqual([2, 1]);
    expect(fused[2]?.ranks).toEqual([1, undefined]);
    expect(fused[3]?.score).toBeCloseTo(1 / 63, 12);
  });

  it('prefers agreement: second in both lists beats first in one list only', () => {
    const fused = reciprocalRankFusion(
      [
        ['x', 'both'],
        ['y', 'both'],
      ],
      60,
    );
    expect(fused[0]?.id).toBe('both');
  });

  it('uses k: with k = 0 a first place counts 1, a second place 1/2', () => {
    const fused = reciprocalRankFusion([['a', 'b'], ['b']], 0);
    expect(fused.map((f) => [f.id, f.score])).toEqual([
      ['b', 1.5],
      ['a', 1],
    ]);
  });
});

describe('DoD-3 hybrid retrieval: vector search and BM25, fused', () => {
  const handbook = loadHandbook();

  it('ranks the fusion of the store’s vector ranking and the BM25 ranking', async () => {
    const store = createMemoryVectorStore();
    const embedder = new OfflineEmbeddingModel();
    const kb = createKnowledgeBase({ store, embedder, candidates: 20 });
    await kb.index(handbook);
    const bm25 = new Bm25Index();
    bm25.upsert(kb.chunks());

    for (const question of ['How much does express delivery cost?', 'Who do I call if my laptop is stolen?']) {
      const [vector] = (await embedder.embed([question])).embeddings;
      const vectorIds = (await store.search(kb.collection, { vector: vector as number[], topK: 20 })).map((h) =>
        String(h.id),
      );
      const keywordIds = bm25.search(question, 20).map((h) => h.id);
      const expected = reciprocalRankFusion([vectorIds, keywordIds]).slice(0, 5);

      const hits = await kb.search(question, { topK: 5, minSimilarity: 0 });
      expect(hits.map((h) => h.chunk.id)).toEqual(expected.map((e) => e.id));
      hits.forEach((hit, i) => {
        expect(hit.rank).toBe(i + 1);
        expect(hit.fusedScore).toBeCloseTo(expected[i]?.score ?? Number.NaN, 12);
        expect(hit.ranks).toEqual({ vector: expected[i]?.ranks[0], bm25: expected[i]?.ranks[1] });
      });
    }
  });

  it('reports the cosine similarity of every hit, including hits only BM25 found', async () => {
    const store = createMemoryVectorStore();
    const embedder = new OfflineEmbeddingModel();
    const kb = createKnowledgeBase({ store, embedder, candidates: 3 });
    await kb.index(handbook);
    const question = 'What is the daily allowance for business trips to North America?';
    const [q] = (await embedder.embed([question])).embeddings;
    const hits = await kb.search(question, { topK: 6, minSimilarity: 0 });
    expect(hits.some((h) => h.ranks.vector === undefined)).toBe(true);
    for (const hit of hits) {
      const [point] = await store.get(kb.collection, [hit.chunk.id]);
      const cosine = (point?.vector ?? []).reduce((sum, v, i) => sum + v * ((q as number[])[i] as number), 0);
      expect(hit.similarity).toBeCloseTo(cosine, 5);
    }
  });

  it('finds the gold section in the top 3 for the handbook questions', async () => {
    const kb = createKnowledgeBase({ store: createMemoryVectorStore(), embedder: new OfflineEmbeddingModel() });
    await kb.index(handbook);
    const answerable = loadQuestions().filter((q) => q.gold.length > 0);
    let found = 0;
    for (const q of answerable) {
      const hits = await kb.search(q.question, { topK: 3, minSimilarity: 0 });
      const gold = q.gold[0];
      if (hits.some((h) => h.chunk.source === gold?.source && h.chunk.headingPath.join(' > ') === gold.section))
        found++;
    }
    expect(found / answerable.length).toBeGreaterThanOrEqual(0.9);
  });
});
