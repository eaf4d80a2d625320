import { chunkDocument, chunkDocuments } from '@lab/chunk.ts';
import { loadHandbook } from '@lab/corpus.ts';
import { countTokens } from '@workshop/llm';
import { describe, expect, it } from 'vitest';
import { doc } from './support.ts';

const handbook = loadHandbook();
const expenses = handbook.find((d) => d.source === 'expenses.md');
if (!expenses) throw new Error('fixture expenses.md is missing');

/** Twelve numbered sentences in one paragraph: too long for one small chunk. */
const longParagraph = Array.from(
  { length: 12 },
  (_, i) => `Rule ${i + 1} says that the store team checks the delivery notes before lunch on day ${i + 1}.`,
).join(' ');

describe('DoD-1 chunking: structure-aware, token-sized, with source and heading path', () => {
  it.each([200, 60, 40])('no chunk of the handbook exceeds maxTokens = %i (counted with countTokens)', (maxTokens) => {
    const chunks = chunkDocuments(handbook, { maxTokens, overlapTokens: 10 });
    expect(chunks.length).toBeGreaterThan(handbook.length);
    for (const chunk of chunks) {
      expect(countTokens(chunk.text), chunk.text).toBeLessThanOrEqual(maxTokens);
      expect(chunk.tokens).toBe(countTokens(chunk.text));
    }
  });

  it('keeps the source and the full heading path, and leaves heading lines out of the text', () => {
    const chunks = chunkDocuments(handbook);
    const refund = chunks.find((c) => c.text.includes('within 30 days of delivery'));
    expect(refund?.source).toBe('returns-and-refunds.md');
    expect(refund?.headingPath).toEqual(['Returns and refunds', 'Refund window']);
    for (const chunk of chunks) expect(chunk.text).not.toMatch(/^#{1,6} /m);
  });

  it('never mixes two sections in one chunk (one chunk per small section)', () => {
    const chunks = chunkDocument(expenses);
    expect(chunks.map((c) => c.headingPath.at(-1))).toEqual([
      'What you can claim',
      'Limits',
      'Receipts and deadlines',
      'Reimbursement',
      'Company cards',
    ]);
  });

  it('keeps a table whole when it fits, and repeats its header row when it must be split', () => {
    const whole = chunkDocument(expenses).find((c) => c.headingPath.at(-1) === 'Limits');
    expect(whole?.text.split('\n').filter((line) => line.startsWith('|'))).toHaveLength(7);
    const parts = chunkDocument(expenses, { maxTokens: 40, overlapTokens: 0 }).filter(
      (c) => c.headingPath.at(-1) === 'Limits',
    );
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.text.startsWith('| Item | Limit | Notes |\n|---|---|---|\n|')).toBe(true);
    const rows = parts.flatMap((p) => p.text.split('\n').slice(2));
    expect(rows.filter((r) => r.includes('£'))).toHaveLength(5);
  });

  it('splits a long paragraph at sentence boundaries, in order, with overlap between neighbours', () => {
    const chunks = chunkDocument(doc('rules.md', `# Rules\n\n## Daily\n\n${longParagraph}`), {
      maxTokens: 60,
      overlapTokens: 20,
    });
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      expect(chunk.text).toMatch(/^Rule \d+ .*\.$/s);
      expect(chunk.headingPath).toEqual(['Rules', 'Daily']);
    }
    for (let i = 1; i < chunks.length; i++) {
      const firstSentence = (chunks[i]?.text.split(/(?<=\.) /)[0] ?? '') as string;
      expect(chunks[i - 1]?.text, `chunk ${i} should start with the last sentence(s) of chunk ${i - 1}`).toContain(
        firstSentence,
      );
    }
    for (let n = 1; n <= 12; n++) expect(chunks.some((c) => c.text.includes(`Rule ${n} says`))).toBe(true);
  });

  it('loses no sentence of the handbook', () => {
    const all = chunkDocuments(handbook)
      .map((c) => c.text)
      .join('\n');
    for (const document of handbook) {
      for (const line of document.text.split('\n')) {
        if (line.trim() === '' || line.startsWith('#')) continue;
        expect(all, `${document.source}: "${line.slice(0, 60)}…"`).toContain(line.trim());
      }
    }
  });

  it('rejects nonsensical sizes with a message naming the option', () => {
    expect(() => chunkDocument(expenses, { maxTokens: 0, overlapTokens: 0 })).toThrow(/maxTokens/);
    expect(() => chunkDocument(expenses, { maxTokens: 100, overlapTokens: 80 })).toThrow(/overlapTokens/);
  });
});
