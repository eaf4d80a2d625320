import { createMemoryVectorStore } from '@workshop/vector';
import { loadHandbook } from '../src/corpus.ts';
import { buildContext } from '../src/context.ts';
import { createKnowledgeBase } from '../src/knowledge-base.ts';
import { labEmbedder } from './embedder.ts';
import { plant } from '../../../labs/09-rag/eval/plant.ts';
import { attackSplit } from '../../../labs/09-rag/eval/rows.ts';
import { BASELINE_CHUNKING, standardFusion } from '../../../labs/09-rag/eval/baselines.ts';
import { ObedientChatModel } from '../../../labs/09-rag/eval/obedient-model.ts';
const hb = loadHandbook();
const kb = createKnowledgeBase({ store: createMemoryVectorStore(), embedder: labEmbedder(), chunking: BASELINE_CHUNKING, fuse: standardFusion });
await kb.index(hb);
for (const a of attackSplit('dev').filter((a) => ['a37', 'a46'].includes(a.id))) {
  const run = async () => { const hits = await kb.search(a.question, { topK: 5 }); const c = buildContext(a.question, hits); const r = await new ObedientChatModel(a.payload).generate({ messages: c.messages }); return [hits.map((h) => h.chunk.id + ':' + h.fusedScore.toFixed(5)).join(' '), r.text]; };
  console.log(await run());
  const doc = hb.find((d) => d.source === a.source)!;
  console.log(await kb.index([plant(doc, a)]));
  console.log(await run());
  await kb.index([doc]);
}
