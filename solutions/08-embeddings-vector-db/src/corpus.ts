/**
 * Loads the help-centre corpus from `labs/08-embeddings-vector-db/fixtures/`. The labelled queries
 * are dev / test splits declared in `lab.yaml` (read with `loadSplit`).
 * Given code: the same file in the starter and the solution (both live at
 * `<root>/<labs|solutions>/08-embeddings-vector-db/src`, so the path resolves to the same folder).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Doc } from './types.ts';

/** The lab's `fixtures/` folder. */
export const FIXTURES_DIR = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'labs',
  '08-embeddings-vector-db',
  'fixtures',
);

const CorpusFile = z.object({
  documents: z.array(
    z.object({
      id: z.string().regex(/^[a-z]+-\d{2}$/, 'expected an id like billing-03'),
      topic: z.string().min(1),
      title: z.string().min(1),
      text: z.string().min(1),
      updated: z.number().int(),
    }),
  ),
});

function readJson<T>(file: string, schema: z.ZodType<T>): T {
  const full = path.join(FIXTURES_DIR, file);
  const parsed = schema.safeParse(JSON.parse(readFileSync(full, 'utf8')));
  if (!parsed.success) throw new Error(`${full}: ${z.prettifyError(parsed.error).replace(/\s+/g, ' ')}`);
  return parsed.data;
}

/** The 72 help-centre articles, in file order. */
export function loadCorpus(): Doc[] {
  return readJson('corpus.json', CorpusFile).documents;
}

/** The text that is embedded for a document: its title and body. */
export function docText(doc: Doc): string {
  return `${doc.title}. ${doc.text}`;
}
