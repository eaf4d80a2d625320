/**
 * Screening at ingestion: a document is data, and text in it that addresses an AI must never reach
 * the index, the embeddings or the model. The judgement (`isInstruction`, DoD-1) is yours; this file
 * cuts a section into the units it judges and removes the flagged ones.
 * Given code: the same file in the starter and the solution.
 *
 * Units follow the Markdown structure, because planted text arrives as structure: a paragraph
 * (so an attack split over several sentences goes as a whole), a list item, a table row (a table
 * whose header row is flagged goes as a whole), a code block.
 */
import type { Block } from './markdown.ts';

/** The blocks of a section without the flagged units, and what was removed. */
export interface Screened {
  /** The blocks that remain, in order (a block whose every unit was flagged is gone). */
  blocks: Block[];
  /** The removed units' text, in document order. */
  removed: string[];
}

const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+/;

/** Screen one section's blocks with `flag` (true: the unit addresses an AI and is removed). */
export function screenBlocks(blocks: readonly Block[], flag: (unit: string) => boolean): Screened {
  const kept: Block[] = [];
  const removed: string[] = [];
  for (const block of blocks) {
    const { head, units } = unitsOf(block);
    // A table whose header row addresses the AI is planted as a whole.
    if (head.length > 0 && flag(head[0] as string)) {
      removed.push(block.text);
      continue;
    }
    const rest = units.filter((unit) => {
      const flagged = flag(unit);
      if (flagged) removed.push(unit);
      return !flagged;
    });
    if (rest.length > 0) kept.push({ kind: block.kind, text: [...head, ...rest].join('\n') });
  }
  return { blocks: kept, removed };
}

/**
 * The units of a block: the whole paragraph or code block, each list item, each table row. A
 * table's header and separator lines are its `head`: kept with every row, so no row loses its
 * column names, and judged on their own.
 */
function unitsOf(block: Block): { head: string[]; units: string[] } {
  if (block.kind === 'paragraph' || block.kind === 'code') return { head: [], units: [block.text] };
  const lines = block.text.split('\n');
  if (block.kind === 'table') {
    const [header = '', separator = '', ...rows] = lines;
    return /^\s*\|?[\s:|-]+\|?\s*$/.test(separator) && /-/.test(separator)
      ? { head: [header, separator], units: rows }
      : { head: [], units: lines };
  }
  const items: string[] = [];
  for (const line of lines) {
    if (items.length === 0 || LIST_ITEM.test(line)) items.push(line);
    else items[items.length - 1] += `\n${line}`;
  }
  return { head: [], units: items };
}
