import { createMemoryVectorStore } from '@workshop/vector';
import type { EmbeddingModel } from '@workshop/llm';
import { loadHandbook } from '../src/corpus.ts';
import { createKnowledgeBase } from '../src/knowledge-base.ts';
import { labEmbedder } from './embedder.ts';
import { questionSplit } from '../../../labs/09-rag/eval/rows.ts';
import { evidenceRecall } from '../../../labs/09-rag/eval/measure.ts';
import { vectorOnly } from '../../../labs/09-rag/eval/baselines.ts';
const qs = [...questionSplit('dev')].filter((q) => q.gold.length > 0);
const hb = loadHandbook();
const base = labEmbedder();
const strip = (t: string) => t.replace(/\S*\d\S*/g, ' ').replace(/\|/g, ' ').replace(/-{3,}/g, ' ');
const wrapped: EmbeddingModel = { ...base, modelId: base.modelId + '-nodigits', embed: (texts, o) => base.embed(texts.map(strip), o) } as EmbeddingModel;
for (const [name, e] of [['plain', base], ['nodigits', wrapped]] as const) {
  const kb = createKnowledgeBase({ store: createMemoryVectorStore(), embedder: e, chunking: { maxTokens: 120, overlapTokens: 0 }, fuse: vectorOnly });
  await kb.index(hb);
  const by: Record<string, number[]> = {};
  for (const q of qs) (by[q.kind] ??= []).push(evidenceRecall(q, (await kb.search(q.question, { topK: 5 })).map((h) => h.chunk)));
  console.log(name, Object.entries(by).map(([k, v]) => `${k} ${(v.reduce((a, b) => a + b, 0) / v.length * 100).toFixed(0)}% (${v.length})`).join(' · '));
}
