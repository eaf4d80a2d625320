import { type EvalCase, exactMatch, matchesRegex, type Scorer } from '@lab/index.ts';
import { describe, expect, it } from 'vitest';

const grade = (scorer: Scorer, output: string, expected?: unknown) => {
  const c: EvalCase = expected === undefined ? { id: 'case-1', input: 'q' } : { id: 'case-1', input: 'q', expected };
  return scorer.score({ case: c, output });
};

const _replySchema = {
  type: 'object',
  required: ['reply', 'category'],
  properties: {
    reply: { type: 'string', minLength: 5 },
    category: { enum: ['shipping', 'billing', 'product', 'other'] },
  },
};

// Given code (not a checkpoint): runs in the lab's `pnpm test` against the solution.
describe('given scorers', () => {
  it('exact compares trimmed text, optionally ignoring case, and never passes without a reference', async () => {
    expect(await grade(exactMatch(), '  injection\n', 'injection')).toMatchObject({ score: 1, passed: true });
    expect(await grade(exactMatch(), 'Injection', 'injection')).toMatchObject({ score: 0, passed: false });
    expect(await grade(exactMatch({ ignoreCase: true }), 'Injection', 'injection')).toMatchObject({ passed: true });
    expect(await grade(exactMatch(), 'injection', 'benign')).toMatchObject({ passed: false });
    const missing = await grade(exactMatch(), 'anything');
    expect(missing.passed).toBe(false);
    expect(missing.detail).toContain('case-1');
  });

  it('regex matches with flags, and a global regex gives the same verdict every time', async () => {
    expect(await grade(matchesRegex({ pattern: 'ord-\\d{4}', flags: 'i' }), 'see ORD-1042')).toMatchObject({
      passed: true,
    });
    expect(await grade(matchesRegex({ pattern: 'ord-\\d{4}' }), 'see ORD-1042')).toMatchObject({
      passed: false,
      score: 0,
    });
    const global = matchesRegex({ pattern: /refund/g });
    expect((await grade(global, 'no refund promised')).passed).toBe(true);
    expect((await grade(global, 'no refund promised')).passed).toBe(true);
  });
});
