import { createMemoryVectorStore } from '@workshop/vector';
import { loadHandbook } from '../src/corpus.ts';
import { createKnowledgeBase } from '../src/knowledge-base.ts';
import { labEmbedder } from './embedder.ts';
import { questionSplit } from '../../../labs/09-rag/eval/rows.ts';
import { evidenceRecall } from '../../../labs/09-rag/eval/measure.ts';
import { vectorOnly, bm25Only, standardFusion } from '../../../labs/09-rag/eval/baselines.ts';
const qs = [...questionSplit('dev')].filter((q) => q.gold.length > 0);
const hb = loadHandbook();
const maxTokens = Number(process.env.MAXT ?? 120);
for (const [name, f] of [['vec', vectorOnly], ['bm25', bm25Only], ['rrf', standardFusion]] as const) {
  const kb = createKnowledgeBase({ store: createMemoryVectorStore(), embedder: labEmbedder(), chunking: { maxTokens, overlapTokens: 0 }, fuse: f });
  await kb.index(hb);
  const by: Record<string, number[]> = {};
  const missed: string[] = [];
  for (const q of qs) {
    const r = evidenceRecall(q, (await kb.search(q.question, { topK: 5 })).map((h) => h.chunk));
    (by[q.kind] ??= []).push(r);
    if (r < 1 && process.env.SHOW === name) missed.push(`${q.id} ${q.question}`);
  }
  console.log(name, Object.entries(by).map(([k, v]) => `${k} ${(v.reduce((a, b) => a + b, 0) / v.length * 100).toFixed(0)}% (${v.length})`).join(' · '));
  if (missed.length) console.log(missed.join('\n'));
}
