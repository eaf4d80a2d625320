import { loadHandbook } from '../src/corpus.ts';
import { chunkDocuments } from '../src/chunk.ts';
import { keywordText } from '../src/bm25.ts';
import { labEmbedder } from './embedder.ts';
import { questionSplit } from '../../../labs/09-rag/eval/rows.ts';
import { evidenceRecall } from '../../../labs/09-rag/eval/measure.ts';
const qs = [...questionSplit('dev')].filter((q) => q.gold.length > 0);
const chunks = chunkDocuments(loadHandbook(), { maxTokens: 120, overlapTokens: 0 });
const e = labEmbedder();
const cv = (await e.embed(chunks.map(keywordText))).embeddings;
const qv = (await e.embed(qs.map((q) => q.question))).embeddings;
const dim = cv[0]!.length;
const mean = new Array(dim).fill(0); for (const v of cv) v.forEach((x, i) => (mean[i] += x / cv.length));
const mn = Math.hypot(...mean); const u = mean.map((x) => x / mn);
const fix = (v: number[]) => { const p = v.reduce((s, x, i) => s + x * u[i], 0); const w = v.map((x, i) => x - p * u[i]); const n = Math.hypot(...w) || 1; return w.map((x) => x / n); };
for (const [name, C, Q] of [['plain', cv, qv], ['ccr', cv.map(fix), qv.map(fix)]] as const) {
  const by: Record<string, number[]> = {};
  qs.forEach((q, i) => {
    const top = C.map((v, j) => ({ j, s: v.reduce((s, x, d) => s + x * Q[i]![d]!, 0) })).sort((a, b) => b.s - a.s).slice(0, 5).map((x) => chunks[x.j]!);
    (by[q.kind] ??= []).push(evidenceRecall(q, top));
  });
  console.log(name, Object.entries(by).map(([k, v]) => `${k} ${(v.reduce((a, b) => a + b, 0) / v.length * 100).toFixed(0)}%`).join(' · '));
}
