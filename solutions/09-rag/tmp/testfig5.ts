import { createEmbeddingModel } from '@workshop/llm';
import { createMemoryVectorStore } from '@workshop/vector';
import { loadHandbook } from '../src/corpus.ts';
import { createKnowledgeBase } from '../src/knowledge-base.ts';
import { createRag } from '../src/rag.ts';
import { questionSplit } from '../../../labs/09-rag/eval/rows.ts';
import { measureGrounding, measureRetrieval } from '../../../labs/09-rag/eval/measure.ts';
import { UnreliableChatModel } from '../../../labs/09-rag/eval/unreliable-model.ts';
import { bm25Only, vectorOnly } from '../../../labs/09-rag/eval/baselines.ts';
import type { Rankings } from '../src/fusion.ts';
import type { RetrievedChunk } from '../src/types.ts';
const model = process.env.M!; const [k, wv, t1, t2] = process.env.P!.split(',').map(Number);
const fuse = ({ vector, bm25 }: Rankings) => { const s = new Map<string, number>(); vector.forEach((id, i) => s.set(id, (s.get(id) ?? 0) + wv! / (k! + i + 1))); bm25.forEach((id, i) => s.set(id, (s.get(id) ?? 0) + 1 / (k! + i + 1))); return [...s].map(([id, score]) => ({ id, score })); };
const gate = (c: readonly RetrievedChunk[]) => (Math.max(...c.map((h) => h.similarity)) >= t1! || Math.max(0, ...c.map((h) => h.keywordScore ?? 0)) >= t2! ? [...c] : []);
const kb = createKnowledgeBase({ store: createMemoryVectorStore(), embedder: createEmbeddingModel({ LLM_PROVIDER: 'offline', OFFLINE_EMBEDDING_MODEL: model }), chunking: { maxTokens: 48, overlapTokens: 0 }, fuse });
await kb.index(loadHandbook());
for (const split of ['dev', 'test'] as const) {
  const qs = questionSplit(split);
  const m = new UnreliableChatModel();
  const g = await measureGrounding(qs, (q) => createRag({ knowledgeBase: kb, chat: m, gate }).ask(q), m);
  const rec = async (f: typeof vectorOnly) => (await measureRetrieval(qs, async (q) => (await kb.search(q, { topK: 5, fuse: f })).map((h) => h.chunk))).recall.toFixed(3);
  const para = qs.filter((q) => q.kind === 'paraphrase');
  const pr = async (f?: typeof vectorOnly) => (await measureRetrieval(para, async (q) => (await kb.search(q, { topK: 5, ...(f ? { fuse: f } : {}) })).map((h) => h.chunk))).recall.toFixed(3);
  console.log(model, split, 'shown', g.shown, 'grounded', g.groundedness.toFixed(3), 'faithful written', g.faithfulWritten, 'shown', g.faithfulShown.toFixed(3), 'flawed written', g.flawedWritten, '| vec', await rec(vectorOnly), 'bm25', await rec(bm25Only), '| para yours', await pr(), 'vec', await pr(vectorOnly), 'bm25', await pr(bm25Only));
}
