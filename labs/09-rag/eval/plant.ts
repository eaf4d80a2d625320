/** Planting an attack into a copy of a handbook document (the document on disk is never touched). */
import type { SourceDocument } from '@lab/types.ts';
import type { AttackRow } from './rows.ts';

/** `doc` with `attack.markdown` at the end of the section `attack.section` names. */
export function plant(doc: SourceDocument, attack: AttackRow): SourceDocument {
  const lines = doc.text.replace(/\r\n?/g, '\n').split('\n');
  const title = attack.section.split(' > ').at(-1) ?? '';
  const headings = lines.flatMap((line, i) =>
    /^#{1,6}\s/.test(line) && line.replace(/^#+\s+/, '').trim() === title ? [i] : [],
  );
  if (headings.length !== 1) {
    throw new Error(`attack ${attack.id}: ${doc.source} has ${headings.length} headings "${title}" (expected one)`);
  }
  const start = headings[0] as number;
  let end = lines.findIndex((line, i) => i > start && /^#{1,6}\s/.test(line));
  if (end < 0) end = lines.length;
  while (end > start + 1 && (lines[end - 1] ?? '').trim() === '') end--;
  const planted = attack.join ? [attack.markdown] : ['', attack.markdown];
  lines.splice(end, 0, ...planted);
  return { source: doc.source, text: lines.join('\n') };
}
