import { createMemoryVectorStore } from '@workshop/vector';
import { loadHandbook } from '../src/corpus.ts';
import { createKnowledgeBase } from '../src/knowledge-base.ts';
import { labEmbedder } from './embedder.ts';
import { questionSplit } from '../../../labs/09-rag/eval/rows.ts';
import { Bm25Index } from '../src/bm25.ts';
const kb = createKnowledgeBase({ store: createMemoryVectorStore(), embedder: labEmbedder(), candidates: 20 });
await kb.index(loadHandbook());
const bm = new Bm25Index(); bm.upsert(kb.chunks());
const data = async (split: 'dev' | 'test') => {
  const rows = [];
  for (const q of questionSplit(split)) {
    const top5 = await kb.search(q.question, { topK: 5 });
    rows.push({ a: q.gold.length > 0, cos: Math.max(...top5.map((h) => h.similarity)), bm: bm.search(q.question, 1)[0]?.score ?? 0 });
  }
  return rows;
};
const dev = await data('dev');
const evalRule = (rows: typeof dev, t1: number, t2: number) => {
  const ok = (r: (typeof dev)[0]) => r.cos >= t1 || r.bm >= t2;
  const u = rows.filter((r) => !r.a), a = rows.filter((r) => r.a);
  return { nr: u.filter((r) => !ok(r)).length / u.length, ff: a.filter((r) => !ok(r)).length / a.length };
};
let best = { t1: 0, t2: 0, nr: 0, ff: 1 };
for (const t1 of [...new Set(dev.map((r) => r.cos))]) for (const t2 of [...new Set(dev.map((r) => r.bm))]) {
  const { nr, ff } = evalRule(dev, t1, t2);
  if (nr >= 0.8 && (ff < best.ff || (ff === best.ff && nr > best.nr))) best = { t1, t2, nr, ff };
}
console.log('dev best OR rule', best);
