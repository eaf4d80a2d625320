import { createMemoryVectorStore } from '@workshop/vector';
import { loadHandbook } from '../src/corpus.ts';
import { createKnowledgeBase } from '../src/knowledge-base.ts';
import { labEmbedder } from './embedder.ts';
import { questionSplit } from '../../../labs/09-rag/eval/rows.ts';
import { evidenceRecall } from '../../../labs/09-rag/eval/measure.ts';
const maxTokens = Number(process.env.MAXT ?? 48);
const kb = createKnowledgeBase({ store: createMemoryVectorStore(), embedder: labEmbedder(), chunking: { maxTokens, overlapTokens: 0 } });
await kb.index(loadHandbook());
const dev = [];
for (const q of questionSplit('dev')) {
  const top5 = await kb.search(q.question, { topK: 5 });
  dev.push({ a: q.gold.length > 0, found: q.gold.length > 0 && evidenceRecall(q, top5.map((h) => h.chunk)) === 1, cos: Math.max(...top5.map((h) => h.similarity)), bm: Math.max(0, ...top5.map((h) => h.keywordScore ?? 0)) });
}
const evalRule = (t1: number, t2: number) => {
  const ok = (r: (typeof dev)[0]) => r.cos >= t1 || r.bm >= t2;
  const u = dev.filter((r) => !r.a), a = dev.filter((r) => r.found);
  return { nr: u.filter((r) => !ok(r)).length / u.length, ff: a.filter((r) => !ok(r)).length / a.length };
};
console.log('answerable', dev.filter((r) => r.a).length, 'with evidence in top 5', dev.filter((r) => r.found).length);
for (const t1 of [0.88, 0.89, 0.9, 0.905, 0.91, 0.915, 0.92, 0.925]) console.log(t1, [22, 24, 26, 27, 28, 30, 32, 1e9].map((t2) => { const r = evalRule(t1, t2); return `bm${t2 > 1e8 ? "∞" : t2}: ${(r.nr * 100).toFixed(0)}/${(r.ff * 100).toFixed(0)}`; }).join(" "));
