import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { PromptFileError } from './errors.ts';
import { VARIABLE_NAME, VARIABLE_TYPES, VariableDeclSchema } from './variables.ts';

/**
 * Splitting a prompt file into its YAML front-matter and its template, and the zod schema of
 * the front-matter. We use the `yaml` package plus a ten-line splitter instead of
 * `gray-matter`: gray-matter has had no release since 2021 and bundles js-yaml 3, while
 * `yaml` is current and reports line numbers we can put in error messages.
 */

/** Sampling parameters a prompt pins; they travel with the version. */
export const ParametersSchema = z.strictObject({
  /** Sampling temperature, 0–2. */
  temperature: z.number().min(0).max(2).optional(),
  /** Upper bound on generated tokens. */
  maxOutputTokens: z.int().positive().optional(),
  /** Seed for providers that support reproducible sampling. */
  seed: z.int().optional(),
  /** Stop sequences. */
  stop: z.array(z.string()).optional(),
  /** `json` asks the model for a JSON object. */
  responseFormat: z.enum(['text', 'json']).optional(),
});

/** Sampling parameters a prompt pins. */
export type PromptParameters = z.infer<typeof ParametersSchema>;

/** The front-matter of a prompt file, before the semver and template checks. */
export const FrontMatterSchema = z.strictObject({
  /** Stable prompt id, kebab-case: `support-reply`. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be kebab-case, e.g. support-reply'),
  /** Semantic version of this prompt, e.g. `1.2.0` (checked with `semver` by the parser). */
  version: z.string(),
  /** What the prompt is for. */
  description: z.string().optional(),
  /** Model id the prompt was written and evaluated for. */
  model: z.string().min(1),
  /** Sampling parameters. */
  parameters: ParametersSchema.default({}),
  /** Declared variables, keyed by name. */
  variables: z
    .record(
      z.string().regex(VARIABLE_NAME, 'variable names are letters, digits and _'),
      // Check the type name first so a typo gets "unknown variable type" rather than a union error.
      z
        .looseObject({
          type: z.string().refine((t) => (VARIABLE_TYPES as readonly string[]).includes(t), {
            error: (issue) =>
              `unknown variable type "${String(issue.input)}" (expected one of ${VARIABLE_TYPES.join(', ')})`,
          }),
        })
        .pipe(VariableDeclSchema)
        .refine((d) => d.type !== 'enum' || d.default === undefined || d.values.includes(d.default), {
          error: 'default must be one of values',
          path: ['default'],
        }),
    )
    .default({}),
});

/** The validated front-matter. */
export type FrontMatter = z.infer<typeof FrontMatterSchema>;

const FENCE = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Splits `---\nyaml\n---\nbody` and parses the YAML. Errors name the file. */
export function splitFrontMatter(file: string, text: string): { data: unknown; body: string } {
  const match = FENCE.exec(text);
  if (!match) {
    throw new PromptFileError(file, 'front-matter', 'missing: the file must start with a --- fenced YAML block');
  }
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? '');
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const line = (error.linePos?.[0]?.line ?? 0) + 1; // +1: the opening fence
      throw new PromptFileError(file, 'front-matter', `invalid YAML at line ${line}: ${error.message.split('\n')[0]}`);
    }
    throw error;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new PromptFileError(file, 'front-matter', 'must be a YAML mapping');
  }
  return { data, body: text.slice(match[0].length) };
}

/** Dotted field path of a zod issue; for unknown keys, the key itself. */
export function issueField(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') path.push(issue.keys[0] ?? '');
  return path.length > 0 ? path.join('.') : 'front-matter';
}

/** The one-line problem of a zod issue, with nested key issues unwrapped. */
export function issueProblem(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return 'unknown field';
  if (issue.code === 'invalid_key') return issue.issues[0]?.message ?? issue.message;
  return issue.message;
}
