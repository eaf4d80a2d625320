import { createMemoryVectorStore } from '@workshop/vector';
import { loadHandbook } from '../src/corpus.ts';
import { createKnowledgeBase } from '../src/knowledge-base.ts';
import { labEmbedder } from './embedder.ts';
import { questionSplit } from '../../../labs/09-rag/eval/rows.ts';
import { Bm25Index } from '../src/bm25.ts';
const kb = createKnowledgeBase({ store: createMemoryVectorStore(), embedder: labEmbedder() });
await kb.index(loadHandbook());
const bm = new Bm25Index(); bm.upsert(kb.chunks());
const rows: { a: boolean; top: number; bm: number; id: string }[] = [];
for (const q of questionSplit('dev')) {
  const hits = await kb.search(q.question, { topK: 5 });
  const top = Math.max(...hits.map((h) => h.similarity));
  const b = bm.search(q.question, 1)[0]?.score ?? 0;
  rows.push({ a: q.gold.length > 0, top, bm: b, id: q.id });
}
const q = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(p * (s.length - 1))]!.toFixed(3); };
for (const key of ['top', 'bm'] as const) for (const a of [true, false]) {
  const xs = rows.filter((r) => r.a === a).map((r) => r[key]);
  console.log(key, a ? 'answerable  ' : 'unanswerable', [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1].map((p) => q(xs, p)).join(' '));
}
