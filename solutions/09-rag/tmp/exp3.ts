import { createMemoryVectorStore } from '@workshop/vector';
import { loadHandbook } from '../src/corpus.ts';
import { createKnowledgeBase } from '../src/knowledge-base.ts';
import { labEmbedder } from './embedder.ts';
import { questionSplit } from '../../../labs/09-rag/eval/rows.ts';
import { Bm25Index } from '../src/bm25.ts';
import { terms } from '../src/text.ts';
const split = (process.env.SPLIT ?? 'dev') as 'dev';
const kb = createKnowledgeBase({ store: createMemoryVectorStore(), embedder: labEmbedder(), candidates: 20 });
await kb.index(loadHandbook());
const bm = new Bm25Index(); bm.upsert(kb.chunks());
type R = { a: boolean; s: Record<string, number> };
const rows: R[] = [];
for (const q of questionSplit(split)) {
  const all = await kb.search(q.question, { topK: 20 });
  const top5 = all.slice(0, 5);
  const sims = all.map((h) => h.similarity).sort((a, b) => b - a);
  const mean = sims.reduce((a, b) => a + b, 0) / sims.length;
  const sd = Math.sqrt(sims.reduce((a, b) => a + (b - mean) ** 2, 0) / sims.length);
  const qt = [...new Set(terms(q.question))];
  const cover = (text: string) => { const t = new Set(terms(text)); return qt.filter((x) => t.has(x)).length / Math.max(1, qt.length); };
  const s: Record<string, number> = {
    top: Math.max(...top5.map((h) => h.similarity)),
    margin: sims[0]! - (sims[1]! + sims[2]! + sims[3]! + sims[4]!) / 4,
    z: (sims[0]! - mean) / (sd || 1),
    bm: bm.search(q.question, 1)[0]?.score ?? 0,
    bmPerTerm: (bm.search(q.question, 1)[0]?.score ?? 0) / Math.max(1, qt.length),
    cover1: cover(top5[0]!.chunk.headingPath.join(' ') + ' ' + top5[0]!.chunk.text),
    coverMax: Math.max(...top5.map((h) => cover(h.chunk.headingPath.join(' ') + ' ' + h.chunk.text))),
    both: top5.some((h) => h.ranks.vector !== undefined && h.ranks.bm25 !== undefined && h.ranks.vector <= 3 && h.ranks.bm25 <= 3) ? 1 : 0,
    fused: top5[0]!.fusedScore,
  };
  rows.push({ a: q.gold.length > 0, s });
}
for (const key of Object.keys(rows[0]!.s)) {
  const vals = [...new Set(rows.map((r) => r.s[key]!))].sort((a, b) => a - b);
  let best = { t: 0, nr: 0, ff: 1 };
  for (const t of vals) {
    const nr = rows.filter((r) => !r.a && r.s[key]! < t).length / rows.filter((r) => !r.a).length;
    const ff = rows.filter((r) => r.a && r.s[key]! < t).length / rows.filter((r) => r.a).length;
    if (nr >= 0.8 && ff < best.ff) best = { t, nr, ff };
  }
  console.log(key.padEnd(10), `at no-result >= 0.8: false fallback ${(best.ff * 100).toFixed(1)} % (t=${best.t.toFixed(3)}, nr ${(best.nr * 100).toFixed(0)} %)`);
}
