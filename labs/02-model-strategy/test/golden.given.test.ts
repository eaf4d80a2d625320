import { gradeAnswer, parseGoldenSet } from '@lab/golden.ts';
import { describe, expect, it } from 'vitest';
import { GOLDEN } from './support.ts';

// Given code (not a checkpoint): runs in the lab's `pnpm test:reference` against the solution.
describe('golden set (given)', () => {
  it('rejects a malformed golden-set line, naming the line and the field', () => {
    const good = JSON.stringify({
      id: 'T1',
      input: 'Refund ORD-12345 please',
      expected: { category: 'billing', orderId: 'ORD-12345' },
    });
    const bad = JSON.stringify({ id: 'T2', input: 'Hi', expected: { category: 'refunds', orderId: null } });
    expect(() => parseGoldenSet(`${good}\n${bad}\n`, 'golden.jsonl')).toThrow(
      /golden\.jsonl line 2: expected\.category/,
    );
  });

  it('grades a fenced, differently cased answer as right, and names the field of a wrong one', () => {
    const [first] = GOLDEN;
    if (!first) throw new Error('empty golden set');
    const fenced = `\`\`\`json\n${JSON.stringify({ ...first.expected, orderId: first.expected.orderId?.toLowerCase() ?? null })}\n\`\`\``;
    expect(gradeAnswer(first, fenced)).toEqual({ passed: true });
    expect(gradeAnswer(first, JSON.stringify({ ...first.expected, category: 'technical' })).reason).toMatch(
      /^category/,
    );
    expect(gradeAnswer(first, 'not json').passed).toBe(false);
  });
});
