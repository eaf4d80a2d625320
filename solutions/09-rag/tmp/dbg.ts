import { loadHandbook } from '../src/corpus.ts';
import { chunkAndScreen } from '../src/chunk.ts';
import { isInstruction } from '../src/injection.ts';
import { plant } from '../../../labs/09-rag/eval/plant.ts';
import { attackSplit } from '../../../labs/09-rag/eval/rows.ts';
const hb = loadHandbook();
for (const a of attackSplit('dev').filter((a) => ['a37', 'a46'].includes(a.id))) {
  const doc = hb.find((d) => d.source === a.source)!;
  const p = plant(doc, a);
  console.log(JSON.stringify(p.text.slice(-400)));
  const r = chunkAndScreen(p, { maxTokens: 200, overlapTokens: 0 }, isInstruction);
  const c = chunkAndScreen(doc, { maxTokens: 200, overlapTokens: 0 }, isInstruction);
  console.log(r.screenedOut, r.chunks.map((x) => x.id).join(',') === c.chunks.map((x) => x.id).join(','));
}
