import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { main } from '@lab/cli.ts';
import { datasetHash } from '@lab/dataset-hash.ts';
import type { EvalCase, EvalReport } from '@lab/index.ts';
import { canonicalJson } from '@workshop/kit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INJECTION_DATASET, KEYWORD_SUITE, tempDir } from './helpers.ts';

const json = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<unknown>;
const dataset = fc.uniqueArray(
  fc.record({
    id: fc.string({ minLength: 1, maxLength: 8 }),
    input: json,
    expected: fc.option(json, { nil: undefined }),
  }),
  { minLength: 1, maxLength: 12, selector: (c) => c.id },
);
const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);

/** A deep copy whose objects list their keys in reverse order: the same data, serialised differently. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reversedKeys(v)]),
    );
  }
  return value;
}

describe('DoD-2 the report knows its dataset, and the gate compares only reports on the same one', () => {
  it('any change to the id, input or expected answer of any case changes the hash', () => {
    fc.assert(
      fc.property(dataset, fc.nat(), fc.constantFrom('id', 'input', 'expected'), json, (cases, at, field, value) => {
        const i = at % cases.length;
        const original = cases[i] as EvalCase;
        const changed: EvalCase =
          field === 'id'
            ? { ...original, id: `${original.id}~${canonicalJson(value ?? null).length}` }
            : { ...original, [field]: value };
        fc.pre(field === 'id' ? !cases.some((c) => c.id === changed.id) : !same(original[field], changed[field]));
        const edited = cases.map((c, j) => (j === i ? changed : c));
        expect(datasetHash(edited), `${field} of case ${i} changed`).not.toBe(datasetHash(cases));
      }),
      { numRuns: 300 },
    );
  });

  it('the same cases give the same hash, however their JSON lists the keys', () => {
    fc.assert(
      fc.property(dataset, (cases) => {
        const hash = datasetHash(cases);
        expect(datasetHash(structuredClone(cases))).toBe(hash);
        expect(datasetHash(cases.map((c) => reversedKeys(c) as EvalCase))).toBe(hash);
      }),
      { numRuns: 150 },
    );
    // Where one field ends and the next begins is part of the identity.
    expect(datasetHash([{ id: 'ab', input: 'c' }])).not.toBe(datasetHash([{ id: 'a', input: 'bc' }]));
    expect(datasetHash([{ id: 'x', input: ['a', 'b'] }])).not.toBe(datasetHash([{ id: 'x', input: 'a,b' }]));
    expect(datasetHash([{ id: 'x', input: 1 }])).not.toBe(datasetHash([{ id: 'x', input: '1' }]));
  });

  it('the CLI refuses a baseline built on an edited dataset, in one line naming both hashes', async () => {
    const dir = await tempDir();
    const lines = (await readFile(INJECTION_DATASET, 'utf8')).split('\n');
    // One reference label corrected: the same ids, another dataset.
    const edited = lines
      .map((line, i) => (i === 0 ? line.replace('"expected": "benign"', '"expected": "injection"') : line))
      .join('\n');
    expect(edited).not.toBe(lines.join('\n'));
    await writeFile(path.join(dir, 'edited.jsonl'), edited);
    const run = (dataset: string, extra: string[] = []) => {
      const stderr: string[] = [];
      const io = { stdout: () => {}, stderr: (l: string) => stderr.push(l), cwd: dir };
      return main(['run', '--suite', KEYWORD_SUITE, '--dataset', dataset, ...extra], io).then((code) => ({
        code,
        stderr,
      }));
    };
    expect(await run(INJECTION_DATASET, ['--out', 'baseline.json'])).toMatchObject({ code: 0, stderr: [] });
    expect(await run('edited.jsonl', ['--out', 'edited.json'])).toMatchObject({ code: 0, stderr: [] });
    const baseline = JSON.parse(await readFile(path.join(dir, 'baseline.json'), 'utf8')) as EvalReport;
    const now = JSON.parse(await readFile(path.join(dir, 'edited.json'), 'utf8')) as EvalReport;
    expect(now.datasetHash).not.toBe(baseline.datasetHash);

    const refused = await run('edited.jsonl', ['--baseline', 'baseline.json']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toHaveLength(1);
    expect(refused.stderr[0]).toContain(baseline.datasetHash.slice(0, 12));
    expect(refused.stderr[0]).toContain(now.datasetHash.slice(0, 12));
    // The same dataset still compares.
    expect(await run(INJECTION_DATASET, ['--baseline', 'baseline.json'])).toMatchObject({ code: 0, stderr: [] });
  });
});
