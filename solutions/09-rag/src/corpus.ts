/**
 * The lab's corpus: the handbook of a fictional company, read from `labs/09-rag/fixtures/handbook`.
 * Given code: the same file in the starter and the solution (both live at
 * `<root>/<labs|solutions>/09-rag/src`, so the path resolves to the same folder).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SourceDocument } from './types.ts';

/** `labs/09-rag`: its `lab.yaml` declares the dev and test splits. */
export const LAB_DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'labs', '09-rag');
/** `labs/09-rag/fixtures`. */
export const FIXTURES_DIR = path.join(LAB_DIR, 'fixtures');
/** The handbook's Markdown files. */
export const HANDBOOK_DIR = path.join(FIXTURES_DIR, 'handbook');

/** Every `.md` file of `dir`, sorted by name. */
export function loadHandbook(dir: string = HANDBOOK_DIR): SourceDocument[] {
  const names = readdirSync(dir)
    .filter((name) => name.endsWith('.md'))
    .sort();
  if (names.length === 0) throw new Error(`${dir}: no .md documents found`);
  return names.map((source) => ({ source, text: readFileSync(path.join(dir, source), 'utf8') }));
}
