import { OfflineEmbeddingModel } from '@workshop/llm';
import { createMemoryVectorStore } from '@workshop/vector';
import { Bm25Index, keywordText } from '../src/bm25.ts';
import { chunkDocuments } from '../src/chunk.ts';
import { loadHandbook, loadQuestions } from '../src/corpus.ts';
import { reciprocalRankFusion } from '../src/fusion.ts';
import { goldChunkIds } from '../src/evaluate.ts';
import { normalizeForMatch } from '../src/text.ts';

const docs = loadHandbook();
const qs = loadQuestions().filter((q) => q.gold.length > 0);
const embedder = new OfflineEmbeddingModel();
const cos = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * (b[i] as number), 0);
const qv = (await embedder.embed(qs.map((q) => q.question))).embeddings;
for (const max of [24, 32, 48, 64, 96, 128, 200, 400]) {
  for (const ovf of [0, 0.2, 0.4]) {
    const overlap = Math.floor(max * ovf);
    if (overlap >= max / 2) continue;
    const chunks = chunkDocuments(docs, { maxTokens: max, overlapTokens: overlap });
    const vecs = (await embedder.embed(chunks.map(keywordText))).embeddings;
    const bm = new Bm25Index(); bm.upsert(chunks);
    const res: Record<string, number[]> = { vec: [0, 0], bm25: [0, 0], rrf: [0, 0] };
    let tok = 0;
    qs.forEach((q, i) => {
      const vrank = chunks.map((c, j) => ({ id: c.id, s: cos(qv[i]!, vecs[j]!) })).sort((a, b) => b.s - a.s).slice(0, 20).map((x) => x.id);
      const brank = bm.search(q.question, 20).map((h) => h.id);
      const rrf = reciprocalRankFusion([vrank, brank]).map((f) => f.id);
      const gold = goldChunkIds(q, chunks);
      const goldIds = new Set(gold.flat());
      for (const [name, rank] of [['vec', vrank], ['bm25', brank], ['rrf', rrf]] as const) {
        const top = rank.slice(0, 5);
        const sec = gold.filter((g) => g.some((id) => top.includes(id))).length / gold.length;
        const text = normalizeForMatch(chunks.filter((c) => top.includes(c.id) && goldIds.has(c.id)).map((c) => c.text).join('\n'));
        const fact = q.facts.filter((f) => text.includes(normalizeForMatch(f))).length / q.facts.length;
        res[name]![0]! += sec; res[name]![1]! += fact;
        if (name === 'rrf') tok += chunks.filter((c) => top.includes(c.id)).reduce((s, c) => s + c.tokens, 0);
      }
    });
    const f = (x: number) => (x / qs.length * 100).toFixed(0).padStart(3);
    console.log(`max ${String(max).padStart(3)} ov ${String(overlap).padStart(3)} chunks ${String(chunks.length).padStart(3)} | sec vec ${f(res.vec![0]!)} bm25 ${f(res.bm25![0]!)} rrf ${f(res.rrf![0]!)} | fact vec ${f(res.vec![1]!)} bm25 ${f(res.bm25![1]!)} rrf ${f(res.rrf![1]!)} | tok ${(tok / qs.length).toFixed(0)}`);
  }
}
