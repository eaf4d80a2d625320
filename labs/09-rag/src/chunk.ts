/**
 * Structure-aware chunking: sections by heading, screened (text addressed to an AI is removed,
 * DoD-1), then blocks (paragraphs, lists, tables, code), then sentences, packed up to a token
 * budget, with a little overlap between neighbours. How big and how much overlap is your decision
 * (`chunkingChoice`, DoD-2); how to cut is given.
 * Given code: the same file in the starter and the solution.
 */
import { countTokens } from '@workshop/llm';
import { chunkingChoice } from './chunking.ts';
import { chunkId } from './ids.ts';
import { isInstruction } from './injection.ts';
import { type Block, parseMarkdown } from './markdown.ts';
import { screenBlocks } from './screen.ts';
import { splitSentences } from './text.ts';
import type { Chunk, ChunkingOptions, SourceDocument } from './types.ts';

/** Decides whether a unit of a document addresses an AI (and is removed before indexing). */
export type InstructionScreen = (unit: string) => boolean;

/** A unit the packer places whole: a block, or a part of a block too big for one chunk. */
interface Piece {
  text: string;
  /** Index of the block it comes from: pieces of one block join with `joiner`, blocks with a blank line. */
  block: number;
  kind: Block['kind'];
}

/** Text removed by the screen, and where it was. */
export interface ScreenFinding {
  /** The document. */
  source: string;
  /** The section it was under. */
  headingPath: string[];
  /** The removed unit (a paragraph, list item, table row or code block). */
  text: string;
}

/** Cut every document; chunks keep document order. */
export function chunkDocuments(
  docs: readonly SourceDocument[],
  options: ChunkingOptions = chunkingChoice(),
  screen: InstructionScreen = isInstruction,
): Chunk[] {
  return docs.flatMap((doc) => chunkDocument(doc, options, screen));
}

/**
 * Cut one Markdown document into chunks of at most `maxTokens` tokens. Units that `screen` flags
 * are removed first (and listed in `screenedOut` of the section's first chunk). A chunk never
 * spans two sections, so its heading path is exact. Blocks are kept whole when they fit; a larger
 * table is split by rows (repeating its header), a larger list by items, a larger paragraph by
 * sentences, a larger sentence by words. Consecutive chunks of one section share up to
 * `overlapTokens` of trailing sentences.
 */
export function chunkDocument(
  doc: SourceDocument,
  options: ChunkingOptions = chunkingChoice(),
  screen: InstructionScreen = isInstruction,
): Chunk[] {
  return chunkAndScreen(doc, options, screen).chunks;
}

/** `chunkDocument`, plus every screened-out unit (also those of a section left with no chunk). */
export function chunkAndScreen(
  doc: SourceDocument,
  options: ChunkingOptions,
  screen: InstructionScreen,
): { chunks: Chunk[]; screenedOut: ScreenFinding[] } {
  validate(doc, options);
  const chunks: Chunk[] = [];
  const screenedOut: ScreenFinding[] = [];
  for (const section of parseMarkdown(doc.text)) {
    const { blocks, removed } = screenBlocks(section.blocks, screen);
    for (const text of removed) screenedOut.push({ source: doc.source, headingPath: section.headingPath, text });
    const pieces = blocks.flatMap((block, index) => split(block, index, options.maxTokens));
    const seen = new Map<string, number>();
    for (const [i, text] of pack(pieces, options).entries()) {
      const occurrence = seen.get(text) ?? 0;
      seen.set(text, occurrence + 1);
      chunks.push({
        id: chunkId(doc.source, section.headingPath, text, occurrence),
        source: doc.source,
        headingPath: section.headingPath,
        ordinal: chunks.length,
        text,
        tokens: countTokens(text),
        screenedOut: i === 0 ? removed : [],
      });
    }
  }
  return { chunks, screenedOut };
}

function validate(doc: SourceDocument, options: ChunkingOptions): void {
  if (!doc.source.trim()) throw new Error('chunkDocument: document source is empty');
  if (!Number.isInteger(options.maxTokens) || options.maxTokens < 16 || options.maxTokens > 8192) {
    throw new Error(`chunkDocument: maxTokens must be an integer from 16 to 8192, got ${options.maxTokens}`);
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
