/**
 * Markdown → sections of blocks. Only the structure the chunker needs: headings (the path),
 * paragraphs, lists, tables and code fences. Given code: the same file in the starter and the solution.
 */

/** What kind of block; tables and code are never split mid-row/mid-line by the chunker. */
export type BlockKind = 'paragraph' | 'list' | 'table' | 'code';

/** A run of lines that belong together. */
export interface Block {
  /** Kind of block. */
  kind: BlockKind;
  /** Its text: a paragraph's lines joined by spaces; list items, table rows and code lines joined by `\n`. */
  text: string;
}

/** The blocks under one heading. */
export interface Section {
  /** Headings above the blocks, outermost first (`[]` for text before the first heading). */
  headingPath: string[];
  /** The blocks, in document order (never empty). */
  blocks: Block[];
}

const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+/;

/** Split a Markdown document into sections, one per heading that has content below it. */
export function parseMarkdown(markdown: string): Section[] {
  const sections: Section[] = [];
  const stack: { level: number; title: string }[] = [];
  let blocks: Block[] = [];
  let current: { kind: BlockKind; lines: string[] } | undefined;

  const endBlock = () => {
    if (!current) return;
    const text = current.kind === 'paragraph' ? current.lines.join(' ') : current.lines.join('\n');
    if (text.trim()) blocks.push({ kind: current.kind, text: text.trim() });
    current = undefined;
  };
  const endSection = () => {
    endBlock();
    if (blocks.length > 0) sections.push({ headingPath: stack.map((h) => h.title), blocks });
    blocks = [];
  };

  for (const rawLine of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const line = rawLine.trimEnd();
    if (current?.kind === 'code') {
      current.lines.push(line);
      if (/^\s*```/.test(line)) endBlock();
      continue;
    }
    if (/^\s*```/.test(line)) {
      endBlock();
      current = { kind: 'code', lines: [line] };
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      endSection();
      const level = (heading[1] as string).length;
      while (stack.length > 0 && (stack.at(-1) as { level: number }).level >= level) stack.pop();
      stack.push({ level, title: (heading[2] as string).trim() });
      continue;
    }
    if (line.trim() === '') {
      endBlock();
      continue;
    }
    const kind: BlockKind = line.trimStart().startsWith('|') ? 'table' : LIST_ITEM.test(line) ? 'list' : 'paragraph';
    // A list item's continuation line (indented, not a new item) stays in the list.
    const continuesList = current?.kind === 'list' && kind === 'paragraph' && /^\s+/.test(line);
    if (current && (current.kind === kind || continuesList)) {
      current.lines.push(continuesList ? line.trim() : line);
    } else {
      endBlock();
      current = { kind, lines: [line] };
    }
  }
  endSection();
  return sections;
}
