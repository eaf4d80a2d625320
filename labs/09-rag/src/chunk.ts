/**
 * Structure-aware chunking: sections by heading, then blocks (paragraphs, lists, tables),
 * then sentences, packed up to a token budget, with a little overlap between neighbours.
 */
// TODO: you will need `countTokens` from '@workshop/llm', `chunkId` from './ids.ts',
//       `parseMarkdown` (and the `Block` type) from './markdown.ts' and `splitSentences` from './text.ts'.
import { type Chunk, type ChunkingOptions, DEFAULT_CHUNKING, type SourceDocument } from './types.ts';

/** Cut every document; chunks keep document order. */
export function chunkDocuments(docs: readonly SourceDocument[], options: ChunkingOptions = DEFAULT_CHUNKING): Chunk[] {
  return docs.flatMap((doc) => chunkDocument(doc, options));
}

/**
 * Cut one Markdown document into chunks of at most `maxTokens` tokens. A chunk never spans
 * two sections, so its heading path is exact. Blocks are kept whole when they fit; a larger
 * table is split by rows (repeating its header), a larger list by items, a larger paragraph by
 * sentences, a larger sentence by words. Consecutive chunks of one section share up to
 * `overlapTokens` of trailing prose sentences.
 */
export function chunkDocument(doc: SourceDocument, options: ChunkingOptions = DEFAULT_CHUNKING): Chunk[] {
  // TODO 1: validate the options: maxTokens an integer >= 16, overlapTokens an integer from 0 to
  //         below maxTokens / 2; throw an Error whose message names the bad option.
  // TODO 2: for each section of parseMarkdown(doc.text), turn its blocks into "pieces" that each fit
  //         maxTokens (countTokens): a block that fits is one piece; a bigger table becomes groups of
  //         rows, each starting with the header row and the |---| separator line; a bigger list
  //         becomes its items; a bigger paragraph its sentences (splitSentences); a sentence still
  //         too big becomes windows of whole words.
  // TODO 3: pack the pieces greedily into chunk texts of at most maxTokens. Pieces of the same block
  //         join with ' ' (paragraph sentences) or '\n' (rows, items); different blocks with '\n\n'.
  //         When a chunk is full, start the next one with the last sentences of the previous chunk's
  //         last paragraph (or list items), at most overlapTokens of them; never overlap tables.
  // TODO 4: one Chunk per text: { id: chunkId(doc.source, headingPath, text, occurrence), source,
  //         headingPath, ordinal (position in the document, from 0), text, tokens: countTokens(text) }.
  //         `occurrence` counts identical texts already seen in the same section (usually 0).
  throw new Error(`TODO: chunkDocument(${doc.source}, maxTokens ${options.maxTokens})`);
}
