import { createMemoryVectorStore } from '@workshop/vector';
import { loadHandbook } from '../src/corpus.ts';
import { createKnowledgeBase } from '../src/knowledge-base.ts';
import { labEmbedder } from './embedder.ts';
import { questionSplit } from '../../../labs/09-rag/eval/rows.ts';
import { measureRetrieval } from '../../../labs/09-rag/eval/measure.ts';
import { vectorOnly, bm25Only, standardFusion } from '../../../labs/09-rag/eval/baselines.ts';
const qs = questionSplit((process.env.SPLIT ?? 'dev') as 'dev');
const hb = loadHandbook();
const e = labEmbedder();
console.log('max ov | vec rec tok | bm25 | rrf60');
for (const maxTokens of [24, 32, 48, 64, 96, 128, 192, 256]) for (const ovf of [0, 0.25]) {
  const overlapTokens = Math.floor(maxTokens * ovf);
  const out: string[] = [];
  for (const f of [vectorOnly, bm25Only, standardFusion]) {
    const kb = createKnowledgeBase({ store: createMemoryVectorStore(), embedder: e, chunking: { maxTokens, overlapTokens }, fuse: f });
    await kb.index(hb);
    const r = await measureRetrieval(qs, async (q) => (await kb.search(q, { topK: 5 })).map((h) => h.chunk));
    out.push(`${(r.recall * 100).toFixed(1)} ${r.tokens.toFixed(0)}`);
  }
  console.log(maxTokens, overlapTokens, '|', out.join(' | '));
}
