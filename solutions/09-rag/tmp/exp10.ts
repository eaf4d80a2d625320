import { loadHandbook } from '../src/corpus.ts';
import { chunkDocuments } from '../src/chunk.ts';
import { keywordText } from '../src/bm25.ts';
import { labEmbedder } from './embedder.ts';
import { questionSplit } from '../../../labs/09-rag/eval/rows.ts';
import { evidenceRecall } from '../../../labs/09-rag/eval/measure.ts';
const qs = [...questionSplit('dev')].filter((q) => q.gold.length > 0);
const hb = loadHandbook();
const e = labEmbedder();
const parents = chunkDocuments(hb, { maxTokens: 200, overlapTokens: 0 });
const key = (c: { source: string; headingPath: string[] }) => c.source + '#' + c.headingPath.join('>');
const qv = (await e.embed(qs.map((q) => q.question))).embeddings;
for (const small of [16, 24, 32, 48, 200]) {
  const kids = chunkDocuments(hb, { maxTokens: small, overlapTokens: 0 });
  for (const mode of ['heading+text', 'text']) {
    const kv = (await e.embed(kids.map((c) => (mode === 'text' ? c.text : keywordText(c))))).embeddings;
    const by: Record<string, number[]> = {};
    qs.forEach((q, i) => {
      const best = new Map<string, number>();
      kids.forEach((c, j) => { const s = kv[j]!.reduce((a, x, d) => a + x * qv[i]![d]!, 0); const k = key(c); if (s > (best.get(k) ?? -9)) best.set(k, s); });
      const topKeys = [...best].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([k]) => k);
      const top = parents.filter((p) => topKeys.includes(key(p)));
      (by[q.kind] ??= []).push(evidenceRecall(q, top));
    });
    console.log(small, mode, Object.entries(by).map(([k, v]) => `${k} ${(v.reduce((a, b) => a + b, 0) / v.length * 100).toFixed(0)}%`).join(' · '));
  }
}
