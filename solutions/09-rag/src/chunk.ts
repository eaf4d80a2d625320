/**
 * Structure-aware chunking: sections by heading, then blocks (paragraphs, lists, tables),
 * then sentences, packed up to a token budget, with a little overlap between neighbours.
 */
import { countTokens } from '@workshop/llm';
import { chunkId } from './ids.ts';
import { type Block, parseMarkdown } from './markdown.ts';
import { splitSentences } from './text.ts';
import { type Chunk, type ChunkingOptions, DEFAULT_CHUNKING, type SourceDocument } from './types.ts';

/** A unit the packer places whole: a block, or a part of a block too big for one chunk. */
interface Piece {
  text: string;
  /** Index of the block it comes from: pieces of one block join with `joiner`, blocks with a blank line. */
  block: number;
  kind: Block['kind'];
}

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
  validate(doc, options);
  const chunks: Chunk[] = [];
  for (const section of parseMarkdown(doc.text)) {
    const pieces = section.blocks.flatMap((block, index) => split(block, index, options.maxTokens));
    const seen = new Map<string, number>();
    for (const text of pack(pieces, options)) {
      const occurrence = seen.get(text) ?? 0;
      seen.set(text, occurrence + 1);
      chunks.push({
        id: chunkId(doc.source, section.headingPath, text, occurrence),
        source: doc.source,
        headingPath: section.headingPath,
        ordinal: chunks.length,
        text,
        tokens: countTokens(text),
      });
    }
  }
  return chunks;
}

function validate(doc: SourceDocument, options: ChunkingOptions): void {
  if (!doc.source.trim()) throw new Error('chunkDocument: document source is empty');
  if (!Number.isInteger(options.maxTokens) || options.maxTokens < 16) {
    throw new Error(`chunkDocument: maxTokens must be an integer >= 16, got ${options.maxTokens}`);
  }
  if (
    !Number.isInteger(options.overlapTokens) ||
    options.overlapTokens < 0 ||
    options.overlapTokens >= options.maxTokens / 2
  ) {
    throw new Error(
      `chunkDocument: overlapTokens must be an integer from 0 to below maxTokens / 2, got ${options.overlapTokens}`,
    );
  }
}

const joiner = (kind: Block['kind']): string => (kind === 'paragraph' ? ' ' : '\n');

/** A block as one piece when it fits, else its rows / items / sentences / word windows. */
function split(block: Block, index: number, maxTokens: number): Piece[] {
  const piece = (text: string): Piece => ({ text, block: index, kind: block.kind });
  if (countTokens(block.text) <= maxTokens) return [piece(block.text)];
  if (block.kind === 'table') {
    // Every part repeats the header row and separator, so each chunk's rows still have column names.
    const [header = '', separator = '', ...rows] = block.text.split('\n');
    const head = `${header}\n${separator}`;
    const parts: string[] = [];
    let current: string[] = [];
    for (const row of rows) {
      const candidate = [head, ...current, row].join('\n');
      if (current.length > 0 && countTokens(candidate) > maxTokens) {
        parts.push([head, ...current].join('\n'));
        current = [];
      }
      current.push(row);
    }
    if (current.length > 0) parts.push([head, ...current].join('\n'));
    return parts.flatMap((text) =>
      countTokens(text) <= maxTokens ? [piece(text)] : byWords(text, maxTokens).map(piece),
    );
  }
  const units = block.kind === 'paragraph' ? splitSentences(block.text) : block.text.split('\n');
  return units.flatMap((unit) =>
    countTokens(unit) <= maxTokens ? [piece(unit)] : byWords(unit, maxTokens).map(piece),
  );
}

/** Last resort for a single sentence or row above the budget: windows of whole words. */
function byWords(text: string, maxTokens: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    const candidate = current ? `${current} ${word}` : word;
    if (current && countTokens(candidate) > maxTokens) {
      parts.push(current);
      current = word;
    } else current = candidate;
  }
  if (current) parts.push(current);
  return parts;
}

function join(pieces: readonly Piece[]): string {
  let text = '';
  pieces.forEach((piece, i) => {
    const previous = pieces[i - 1];
    if (previous) text += previous.block === piece.block ? joiner(piece.kind) : '\n\n';
    text += piece.text;
  });
  return text;
}

/** Greedy packing of pieces into chunk texts, starting each new chunk with the overlap. */
function pack(pieces: readonly Piece[], { maxTokens, overlapTokens }: ChunkingOptions): string[] {
  const texts: string[] = [];
  let current: Piece[] = [];
  let fresh = 0; // pieces in `current` that are not overlap
  for (const piece of pieces) {
    if (current.length > 0 && countTokens(join([...current, piece])) > maxTokens) {
      texts.push(join(current));
      current = overlap(current, overlapTokens);
      // The overlap gives way when it and the next piece do not fit together.
      if (countTokens(join([...current, piece])) > maxTokens) current = [];
      fresh = 0;
    }
    current.push(piece);
    fresh++;
  }
  if (fresh > 0) texts.push(join(current));
  return texts;
}

/** Trailing prose sentences of a finished chunk, at most `budget` tokens. Tables and code never overlap. */
function overlap(pieces: readonly Piece[], budget: number): Piece[] {
  if (budget === 0) return [];
  const last = pieces.at(-1);
  if (!last || (last.kind !== 'paragraph' && last.kind !== 'list')) return [];
  const units = last.kind === 'paragraph' ? splitSentences(last.text) : last.text.split('\n');
  const kept: Piece[] = [];
  for (const unit of units.reverse()) {
    const candidate = [{ ...last, text: unit }, ...kept];
    if (countTokens(join(candidate)) > budget) break;
    kept.unshift({ ...last, text: unit });
  }
  return kept;
}
