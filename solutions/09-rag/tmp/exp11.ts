import { createMemoryVectorStore } from '@workshop/vector';
import { OfflineEmbeddingModel } from '@workshop/llm';
import { GloveEmbeddingModel } from '/work/wt/glove/packages/llm/src/providers/offline/glove-embedding-model.ts';
import { loadHandbook } from '../src/corpus.ts';
import { createKnowledgeBase } from '../src/knowledge-base.ts';
import { questionSplit } from '../../../labs/09-rag/eval/rows.ts';
import { evidenceRecall } from '../../../labs/09-rag/eval/measure.ts';
import { vectorOnly, bm25Only } from '../../../labs/09-rag/eval/baselines.ts';
const qs = [...questionSplit('dev'), ...questionSplit('test')].filter((q) => q.kind === 'paraphrase');
const hb = loadHandbook();
const kbs = [];
for (const [name, e, f] of [['bm25', new OfflineEmbeddingModel(), bm25Only], ['hash', new OfflineEmbeddingModel(), vectorOnly], ['glove', new GloveEmbeddingModel(), vectorOnly]] as const) {
  const kb = createKnowledgeBase({ store: createMemoryVectorStore(), embedder: e as never, chunking: { maxTokens: 120, overlapTokens: 0 }, fuse: f });
  await kb.index(hb); kbs.push([name, kb] as const);
}
for (const q of qs) {
  const r = [];
  for (const [name, kb] of kbs) { const h = await kb.search(q.question, { topK: 5 }); r.push(evidenceRecall(q, h.map((x) => x.chunk)) === 1 ? name : '-'.repeat(name.length)); }
  console.log(r.join(' '), q.id, q.question);
}
