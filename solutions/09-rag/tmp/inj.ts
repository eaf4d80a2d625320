import { readFileSync } from 'node:fs';
import { loadHandbook } from '../src/corpus.ts';
import { parseMarkdown } from '../src/markdown.ts';
import { screenBlocks } from '../src/screen.ts';
import { isInstruction } from '../src/injection.ts';
let units = 0; const flagged: string[] = [];
for (const doc of loadHandbook()) for (const s of parseMarkdown(doc.text)) {
  const r = screenBlocks(s.blocks, (u) => { units++; return isInstruction(u); });
  flagged.push(...r.removed.map((t) => `${doc.source}: ${t}`));
}
console.log('units', units, 'flagged', flagged);
for (const split of ['dev', 'test']) {
  const rows = readFileSync(`../../labs/09-rag/fixtures/attacks.${split}.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  let hit = 0;
  for (const r of rows) {
    const removed = parseMarkdown(`# X\n\n${r.markdown}\n`).flatMap((s) => screenBlocks(s.blocks, isInstruction).blocks.map((b) => b.text));
    const leaked = removed.some((t) => t.includes(r.payload));
    if (!leaked) hit++; else if (split === 'dev') console.log('MISS', r.id, r.markdown);
  }
  console.log(split, hit, '/', rows.length);
}
