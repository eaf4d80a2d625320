import {
  contains,
  type EvalCase,
  exactMatch,
  jsonSchemaValid,
  matchesRegex,
  numericTolerance,
  type Scorer,
} from '@lab/index.ts';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const grade = (scorer: Scorer, output: string, expected?: unknown) => {
  const c: EvalCase = expected === undefined ? { id: 'case-1', input: 'q' } : { id: 'case-1', input: 'q', expected };
  return scorer.score({ case: c, output });
};

const replySchema = {
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

describe('given scorers: contains, JSON schema and numeric tolerance', () => {
  it('contains needs every value, scores the share found and names what is missing', async () => {
    const scorer = contains({ values: ['ORD-1042', 'colleague'] });
    expect(await grade(scorer, 'Order ORD-1042: a colleague will confirm.')).toMatchObject({ score: 1, passed: true });
    const half = await grade(scorer, 'Order ORD-1042 ships tomorrow.');
    expect(half).toMatchObject({ score: 0.5, passed: false });
    expect(half.detail).toContain('colleague');
    // Without values it looks for the case's expected string(s).
    expect(await grade(contains({ ignoreCase: true }), 'HELLO world', ['hello', 'WORLD'])).toMatchObject({
      passed: true,
    });
    expect(await grade(contains(), 'hello world', 'planet')).toMatchObject({ passed: false });
  });

  it('JSON schema parses the output, validates it and names the failing field', async () => {
    const scorer = jsonSchemaValid({ schema: replySchema });
    const good = JSON.stringify({ reply: 'Hi Dana, a colleague will confirm.', category: 'shipping' });
    expect(await grade(scorer, good)).toMatchObject({ score: 1, passed: true });
    const wrong = await grade(scorer, good.replace('shipping', 'logistics'));
    expect(wrong.passed).toBe(false);
    expect(wrong.detail).toContain('category');
    const prose = await grade(scorer, 'Sure! Here is the JSON you asked for');
    expect(prose).toMatchObject({ passed: false, score: 0 });
    expect(prose.detail).toMatch(/not JSON/);
    // A zod schema works too.
    const zodScorer = jsonSchemaValid({ schema: z.object({ n: z.int() }) });
    expect((await grade(zodScorer, '{"n": 3}')).passed).toBe(true);
    expect((await grade(zodScorer, '{"n": 3.5}')).passed).toBe(false);
  });

  it('numeric tolerance reads the first number and applies absolute or relative tolerance', async () => {
    const cents = numericTolerance({ absolute: 0.01 });
    expect(await grade(cents, 'Total: 1,234.50 EUR', 1234.5)).toMatchObject({ passed: true, score: 1 });
    expect(await grade(cents, 'Total: 1,234.52 EUR', 1234.5)).toMatchObject({ passed: false, score: 0 });
    expect(await grade(cents, '-3.005', -3)).toMatchObject({ passed: true });
    const twoPercent = numericTolerance({ relative: 0.02 });
    expect((await grade(twoPercent, 'about 102', 100)).passed).toBe(true);
    expect((await grade(twoPercent, 'about 103', 100)).passed).toBe(false);
    expect((await grade(twoPercent, 'about 1,000,000', 1_010_000)).passed).toBe(true);
    const none = await grade(cents, 'I cannot compute that', 12);
    expect(none.passed).toBe(false);
    expect(none.detail).toMatch(/no number/);
    expect((await grade(cents, '12')).passed).toBe(false);
  });
});
