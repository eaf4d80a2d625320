import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { PromptFileError } from '../errors.ts';
import { issueField, issueProblem } from '../front-matter.ts';

/**
 * Golden cases: per prompt, inputs with assertions the output must satisfy. They are written
 * against the prompt's *behaviour*, not one version's wording, so the same file checks every
 * candidate version against the production baseline.
 */

/** One check of a model output. */
export const AssertionSchema = z.discriminatedUnion('type', [
  z.strictObject({
    /** The output contains `value`. */
    type: z.literal('contains'),
    value: z.string().min(1),
    /** Compare case-insensitively. */
    ignoreCase: z.boolean().default(false),
  }),
  z.strictObject({
    /** The output matches `pattern` (JavaScript syntax). */
    type: z.literal('regex'),
    pattern: z.string().min(1),
    /** RegExp flags, e.g. `i`. */
    flags: z
      .string()
      .regex(/^[dgimsuvy]*$/)
      .default(''),
  }),
  z.strictObject({
    /** The output is JSON that satisfies this JSON Schema. */
    type: z.literal('json_schema'),
    schema: z.record(z.string(), z.unknown()),
  }),
  z.strictObject({
    /** A judge model scores the output 1–5 against the rubric; pass at `minScore` or above. */
    type: z.literal('judge'),
    rubric: z.string().min(1),
    minScore: z.int().min(1).max(5),
  }),
]);

/** One check of a model output. */
export type Assertion = z.infer<typeof AssertionSchema>;

/** One golden case. */
export const GoldenCaseSchema = z.strictObject({
  /** Stable id, used to match a case between baseline and candidate runs. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be kebab-case'),
  /** What the case covers. */
  description: z.string().optional(),
  /** Variables to render the prompt with. */
  variables: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** Checks of the output; all should pass. */
  assert: z.array(AssertionSchema).min(1),
});

/** One golden case. */
export type GoldenCase = z.infer<typeof GoldenCaseSchema>;

/** A golden file: the prompt it belongs to and its cases. */
export const GoldenFileSchema = z.strictObject({
  /** Prompt id. */
  prompt: z.string(),
  /** Cases; ids unique. */
  cases: z.array(GoldenCaseSchema).min(1),
});

/** A golden file. */
export type GoldenFile = z.infer<typeof GoldenFileSchema>;

/** Parses a golden file (YAML). Errors name the file and the field, e.g. `cases.2.assert.0.pattern`. */
export function parseGoldenFile(file: string, text: string): GoldenFile {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new PromptFileError(file, 'yaml', (error as Error).message.split('\n')[0] ?? 'invalid YAML');
  }
  const parsed = GoldenFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PromptFileError(file, issue ? issueField(issue) : 'cases', issue ? issueProblem(issue) : 'invalid');
  }
  const seen = new Set<string>();
  parsed.data.cases.forEach((c, i) => {
    if (seen.has(c.id)) throw new PromptFileError(file, `cases.${i}.id`, `duplicate case id "${c.id}"`);
    seen.add(c.id);
    c.assert.forEach((a, j) => {
      if (a.type !== 'regex') return;
      try {
        new RegExp(a.pattern, a.flags);
      } catch (error) {
        throw new PromptFileError(file, `cases.${i}.assert.${j}.pattern`, (error as Error).message);
      }
    });
  });
  return parsed.data;
}

/** Reads and parses a golden file from disk. */
export async function loadGoldenFile(file: string): Promise<GoldenFile> {
  return parseGoldenFile(file, await readFile(file, 'utf8'));
}
