import { createMemoryVectorStore } from '@workshop/vector';
import { loadHandbook } from '../src/corpus.ts';
import { createKnowledgeBase } from '../src/knowledge-base.ts';
import { labEmbedder } from './embedder.ts';
import { questionSplit } from '../../../labs/09-rag/eval/rows.ts';
import { measureRetrieval } from '../../../labs/09-rag/eval/measure.ts';
import type { Rankings } from '../src/fusion.ts';
import { memoizedEmbedder } from '../../../labs/09-rag/eval/memo.ts';
const qs = questionSplit('dev');
const hb = loadHandbook();
const e = memoizedEmbedder(labEmbedder());
const rrf = (k: number, wv: number, wb = 1) => ({ vector, bm25 }: Rankings) => { const s = new Map<string, number>(); vector.forEach((id, i) => s.set(id, (s.get(id) ?? 0) + wv / (k + i + 1))); bm25.forEach((id, i) => s.set(id, (s.get(id) ?? 0) + wb / (k + i + 1))); return [...s].map(([id, score]) => ({ id, score })); };
const fusions: [string, (r: Rankings) => { id: string; score: number }[]][] = [['bm25', rrf(60, 0)], ['vec', rrf(60, 1, 0)], ['k60', rrf(60, 1)], ['k2', rrf(2, 1)], ['k2 .5', rrf(2, 0.5)], ['k5 .5', rrf(5, 0.5)], ['k1 .75', rrf(1, 0.75)], ['k0 .1', rrf(0, 0.1)]];
for (const maxTokens of (process.env.SIZES ?? '48,64,80,96').split(',').map(Number)) {
  const kb = createKnowledgeBase({ store: createMemoryVectorStore(), embedder: e, chunking: { maxTokens, overlapTokens: 0 } });
  await kb.index(hb);
  const out: string[] = [];
  for (const [name, f] of fusions) {
    const r = await measureRetrieval(qs, async (q) => (await kb.search(q, { topK: 5, fuse: f })).map((h) => h.chunk));
    out.push(`${name} ${(r.recall * 100).toFixed(1)}/${r.tokens.toFixed(0)}`);
  }
  console.log(maxTokens, out.join(' | '));
}
