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
  // TODO: split `text` on /\r?\n/ and walk the lines with their 1-based number; skip blank lines.
  // TODO: for each line: JSON.parse it (a SyntaxError → DatasetError "not valid JSON (…)"), then
  //       `schema.safeParse(json)`; on failure take the first issue and throw
  //       `new DatasetError(source, line, `${issue.path.join('.') || '(row)'}: ${issue.message}`, [...cases])`.
  // TODO: remember the line of every id; a second row with the same id is a DatasetError
  //       `duplicate id "<id>" (first on line <n>)`.
  // TODO: push each valid row onto `cases` and return them. Pass a COPY of `cases` to every DatasetError:
  //       those are the rows before the bad line, and the caller must not lose them.
  void text;
  void schema;
  void source;
  void DatasetError;
  throw new Error('TODO: parseDataset — parse JSONL line by line with the zod schema (DoD-1)');
}

/** Reads and parses a JSONL dataset file; errors name the file and line. */
export async function loadDataset<Case extends EvalCase>(file: string, schema: z.ZodType<Case>): Promise<Case[]> {
  return parseDataset(await readFile(file, 'utf8'), schema, file);
}
