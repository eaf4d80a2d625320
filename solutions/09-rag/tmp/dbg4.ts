import { createMemoryVectorStore } from '@workshop/vector';
import { loadHandbook } from '../src/corpus.ts';
import { createKnowledgeBase } from '../src/knowledge-base.ts';
import { labEmbedder } from './embedder.ts';
import { createRag } from '../src/rag.ts';
import { questionSplit } from '../../../labs/09-rag/eval/rows.ts';
import { UnreliableChatModel } from '../../../labs/09-rag/eval/unreliable-model.ts';
import { createHash } from 'node:crypto';
const PLAN = ['verbatim','changed-figure','reworded','wrong-source','verbatim','invented','reworded','swapped-name','verbatim','changed-figure','reworded','uncited','verbatim','swapped-name','reworded','invalid-marker'];
const kb = createKnowledgeBase({ store: createMemoryVectorStore(), embedder: labEmbedder() });
await kb.index(loadHandbook());
const m = new UnreliableChatModel();
const rag = createRag({ knowledgeBase: kb, chat: m });
for (const q of questionSplit('dev')) {
  const n = createHash('sha256').update(q.question).digest().readUInt32BE(0); const k = PLAN[n % PLAN.length]!;
  if (k !== 'wrong-source' && k !== 'swapped-name') continue;
  const before = m.written.length;
  const a = await rag.ask(q.question);
  console.log(k, a.status, m.written.length > before ? m.written.at(-1) : 'no call');
}
