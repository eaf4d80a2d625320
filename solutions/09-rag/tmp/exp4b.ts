import { createMemoryVectorStore } from '@workshop/vector';
import { loadHandbook } from '../src/corpus.ts';
import { createKnowledgeBase } from '../src/knowledge-base.ts';
import { labEmbedder } from './embedder.ts';
import { questionSplit } from '../../../labs/09-rag/eval/rows.ts';
const kb = createKnowledgeBase({ store: createMemoryVectorStore(), embedder: labEmbedder() });
await kb.index(loadHandbook());
const dev = [];
for (const q of questionSplit('dev')) {
  const top5 = await kb.search(q.question, { topK: 5 });
  dev.push({ a: q.gold.length > 0, cos: Math.max(...top5.map((h) => h.similarity)), bm: Math.max(0, ...top5.map((h) => h.keywordScore ?? 0)) });
}
const evalRule = (t1: number, t2: number) => {
  const ok = (r: (typeof dev)[0]) => r.cos >= t1 || r.bm >= t2;
  const u = dev.filter((r) => !r.a), a = dev.filter((r) => r.a);
  return { nr: u.filter((r) => !ok(r)).length / u.length, ff: a.filter((r) => !ok(r)).length / a.length };
};
const grid: string[] = [];
const cosQ = [...new Set(dev.map((r) => +r.cos.toFixed(2)))].sort();
const bmQ = [...new Set(dev.map((r) => Math.round(r.bm)))].sort((a, b) => a - b);
let best = { t1: 0, t2: 0, nr: 0, ff: 1, score: -1 };
for (const t1 of cosQ) for (const t2 of bmQ) { const { nr, ff } = evalRule(t1, t2); const score = nr - ff; if (nr >= 0.8 && ff <= 0.15 && score > best.score) best = { t1, t2, nr, ff, score }; }
console.log('best', best);
for (const t1 of [0.4, 0.45, 0.5, 0.55, 0.6]) console.log(t1, [15, 20, 25, 30, 35, 40].map((t2) => { const r = evalRule(t1, t2); return `bm${t2}: ${(r.nr * 100).toFixed(0)}/${(r.ff * 100).toFixed(0)}`; }).join(' '));
console.log('cos only', [0.4, 0.45, 0.5, 0.55].map((t) => { const r = evalRule(t, 1e9); return `${t}: ${(r.nr * 100).toFixed(0)}/${(r.ff * 100).toFixed(0)}`; }).join(' '));
console.log('bm only', [15, 20, 25, 30].map((t) => { const r = evalRule(9, t); return `${t}: ${(r.nr * 100).toFixed(0)}/${(r.ff * 100).toFixed(0)}`; }).join(' '));
