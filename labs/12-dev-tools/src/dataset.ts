import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DatasetError } from './errors.ts';
import type { EvalCase } from './types.ts';

/**
 * The zod schema of one dataset row: `{ id, input, expected?, tags? }` with your schemas for
 * `input` and `expected`. Strict, so a misspelt field (`expect`) is an error, not a case
 * silently graded without a reference.
 */
export function caseSchema<Input extends z.ZodType, Expected extends z.ZodType>(
  input: Input,
  expected: Expected,
): z.ZodType<EvalCase<z.output<Input>, z.output<Expected>>> {
  return z.strictObject({
    id: z.string().min(1),
    input,
    expected: expected.optional(),
    tags: z.array(z.string()).optional(),
  }) as unknown as z.ZodType<EvalCase<z.output<Input>, z.output<Expected>>>;
}

/**
 * Parses JSONL text: one JSON object per line, blank lines skipped. The first bad line (not
 * JSON, schema violation, duplicate id) throws a `DatasetError` naming `source:line` and the
 * field, carrying the cases parsed before it.
 */
export function parseDataset<Case extends EvalCase>(text: string, schema: z.ZodType<Case>, source: string): Case[] {
  const cases: Case[] = [];
  const seen = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    if (raw.trim() === '') continue;
    const fail = (problem: string): never => {
      throw new DatasetError(source, line, problem, [...cases]);
    };
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      fail(`not valid JSON (${(error as Error).message})`);
    }
    const result = schema.safeParse(json);
    if (!result.success) {
      const issue = result.error.issues[0];
      const where = issue?.path.length ? issue.path.join('.') : '(row)';
      fail(`${where}: ${issue?.message ?? 'invalid'}`);
      return cases;
    }
    const row = result.data;
    const earlier = seen.get(row.id);
    if (earlier !== undefined) fail(`duplicate id "${row.id}" (first on line ${earlier})`);
    seen.set(row.id, line);
    cases.push(row);
  }
  return cases;
}

/** Reads and parses a JSONL dataset file; errors name the file and line. */
export async function loadDataset<Case extends EvalCase>(file: string, schema: z.ZodType<Case>): Promise<Case[]> {
  return parseDataset(await readFile(file, 'utf8'), schema, file);
}
