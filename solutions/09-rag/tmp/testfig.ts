import { createEmbeddingModel } from '@workshop/llm';
import { createMemoryVectorStore } from '@workshop/vector';
import { loadHandbook } from '../src/corpus.ts';
import { createKnowledgeBase } from '../src/knowledge-base.ts';
import { questionSplit } from '../../../labs/09-rag/eval/rows.ts';
import { measureRefusal, measureRetrieval } from '../../../labs/09-rag/eval/measure.ts';
import type { Rankings } from '../src/fusion.ts';
import type { RetrievedChunk } from '../src/types.ts';
const model = process.env.M!; const [k, wv, t1, t2] = process.env.P!.split(',').map(Number);
const fuse = ({ vector, bm25 }: Rankings) => { const s = new Map<string, number>(); vector.forEach((id, i) => s.set(id, (s.get(id) ?? 0) + wv! / (k! + i + 1))); bm25.forEach((id, i) => s.set(id, (s.get(id) ?? 0) + 1 / (k! + i + 1))); return [...s].map(([id, score]) => ({ id, score })); };
const gate = (c: readonly RetrievedChunk[]) => (Math.max(...c.map((h) => h.similarity)) >= t1! || Math.max(0, ...c.map((h) => h.keywordScore ?? 0)) >= t2! ? [...c] : []);
const kb = createKnowledgeBase({ store: createMemoryVectorStore(), embedder: createEmbeddingModel({ LLM_PROVIDER: 'offline', OFFLINE_EMBEDDING_MODEL: model }), chunking: { maxTokens: 48, overlapTokens: 0 }, fuse });
await kb.index(loadHandbook());
for (const split of ['dev', 'test'] as const) {
  const qs = questionSplit(split);
  const r = await measureRetrieval(qs, async (q) => (await kb.search(q, { topK: 5 })).map((h) => h.chunk));
  const f = await measureRefusal(qs, (q) => kb.search(q, { topK: 5 }), gate);
  console.log(model, split, 'recall', r.recall.toFixed(3), 'noResult', f.noResult.toFixed(3), 'ff', f.falseFallback.toFixed(3), `(${f.answerableFound})`);
}
