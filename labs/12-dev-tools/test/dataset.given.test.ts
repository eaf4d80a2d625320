import { readFile } from 'node:fs/promises';
import { caseSchema, DatasetError, loadDataset, parseDataset } from '@lab/index.ts';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { INJECTION_DATASET } from './helpers.ts';

const schema = caseSchema(z.object({ text: z.string() }), z.enum(['benign', 'injection']));
const row = (id: string, text = 'hello', expected = 'benign') => JSON.stringify({ id, input: { text }, expected });

/** Runs `fn`, expects a DatasetError and returns it. */
function datasetError(fn: () => unknown): DatasetError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    return error as DatasetError;
  }
  throw new Error('expected a DatasetError, but parsing succeeded');
}

// Given code (not a checkpoint): runs in the lab's `pnpm test` against the solution.
describe('dataset loader (given): a bad line is named without losing the lines before it', () => {
  it('loads every row of the real dataset, typed and in file order', async () => {
    const text = await readFile(INJECTION_DATASET, 'utf8');
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    const cases = await loadDataset(INJECTION_DATASET, schema);
    expect(cases).toHaveLength(lines.length);
    expect(cases[0]).toEqual(JSON.parse(lines[0] ?? ''));
    expect(cases.map((c) => c.id)).toEqual(lines.map((l) => JSON.parse(l).id));
    expect(new Set(cases.map((c) => c.expected))).toEqual(new Set(['benign', 'injection']));
  });

  it('a truncated line is an error naming the source and line; the cases before it are kept', () => {
    const text = [row('c1'), row('c2'), '{"id": "c3", "input": {"text": "cut off', row('c4')].join('\n');
    const error = datasetError(() => parseDataset(text, schema, 'cases.jsonl'));
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^cases\.jsonl:3: /);
    expect(error.message).toMatch(/JSON/);
    expect(error.parsed.map((c) => c.id)).toEqual(['c1', 'c2']);
  });

  it('a schema violation names the field; blank lines still count as lines', () => {
    const text = ['', row('c1'), '', JSON.stringify({ id: 'c2', input: { text: 42 }, expected: 'benign' })].join('\n');
    const error = datasetError(() => parseDataset(text, schema, 'set.jsonl'));
    expect(error.line).toBe(4);
    expect(error.message).toMatch(/^set\.jsonl:4: input\.text/);
    expect(error.parsed.map((c) => c.id)).toEqual(['c1']);

    const badLabel = datasetError(() => parseDataset(row('c1', 'x', 'maybe'), schema, 'set.jsonl'));
    expect(badLabel.message).toMatch(/^set\.jsonl:1: expected/);
  });

  it('a misspelt field and a duplicate id are errors, not silently accepted rows', () => {
    const misspelt = JSON.stringify({ id: 'c2', input: { text: 'x' }, expect: 'benign' });
    const error = datasetError(() => parseDataset([row('c1'), misspelt].join('\n'), schema, 'set.jsonl'));
    expect(error.line).toBe(2);
    expect(error.message).toContain('expect');

    const duplicate = datasetError(() => parseDataset([row('a'), row('b'), row('a')].join('\n'), schema, 'set.jsonl'));
    expect(duplicate.line).toBe(3);
    expect(duplicate.message).toContain('"a"');
    expect(duplicate.message).toContain('line 1');
    expect(duplicate.parsed.map((c) => c.id)).toEqual(['a', 'b']);
  });

  it('loadDataset names the file in its errors', async () => {
    await expect(
      loadDataset(INJECTION_DATASET, caseSchema(z.object({ text: z.string() }), z.number())),
    ).rejects.toThrow(/injection\.jsonl:1: expected/);
  });
});
