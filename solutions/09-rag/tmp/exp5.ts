import { createMemoryVectorStore } from '@workshop/vector';
import { loadHandbook } from '../src/corpus.ts';
import { createKnowledgeBase } from '../src/knowledge-base.ts';
import { labEmbedder } from './embedder.ts';
import { questionSplit } from '../../../labs/09-rag/eval/rows.ts';
import { measureRetrieval } from '../../../labs/09-rag/eval/measure.ts';
import type { Rankings } from '../src/fusion.ts';
const split = (process.env.SPLIT ?? 'dev') as 'dev' | 'test';
const qs = questionSplit(split);
const hb = loadHandbook();
const embedder = labEmbedder();
const rrf = (k: number, wv: number, wb: number) => ({ vector, bm25 }: Rankings) => {
  const s = new Map<string, number>();
  vector.forEach((id, i) => s.set(id, (s.get(id) ?? 0) + wv / (k + i + 1)));
  bm25.forEach((id, i) => s.set(id, (s.get(id) ?? 0) + wb / (k + i + 1)));
  return [...s].map(([id, score]) => ({ id, score }));
};
const sizes = (process.env.SIZES ?? '64,120,200').split(',').map(Number);
for (const maxTokens of sizes) {
  const line: string[] = [];
  for (const [name, f] of [['vec', rrf(60, 1, 0)], ['bm25', rrf(60, 0, 1)], ['rrf60', rrf(60, 1, 1)], ['rrf10', rrf(10, 1, 1)], ['rrf2', rrf(2, 1, 1)], ['b2', rrf(60, 1, 2)], ['b3', rrf(60, 1, 3)], ['k10b2', rrf(10, 1, 2)], ['k5b2', rrf(5, 1, 2)]] as const) {
    const kb = createKnowledgeBase({ store: createMemoryVectorStore(), embedder, chunking: { maxTokens, overlapTokens: 0 }, fuse: f as never });
    await kb.index(hb);
    const r = await measureRetrieval(qs, async (q) => (await kb.search(q, { topK: 5 })).map((h) => h.chunk));
    line.push(`${name} ${(r.recall * 100).toFixed(1)}`);
  }
  console.log(maxTokens, line.join(' | '));
}
