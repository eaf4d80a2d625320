/**
 * The acceptance spec: what "good enough" means, written down — and validated — before
 * any candidate is measured, so the numbers cannot bend the bar afterwards.
 */
import { z } from 'zod';

/** Privacy classes: may prompts (customer data) leave the company? */
export const PRIVACY_CLASSES = ['external-allowed', 'self-hosted-only'] as const;

/** A type error that says "is required" when the field is missing, else what it must be. */
const expected = (what: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : `must be ${what}`),
});

/** The schema of an acceptance spec. Unknown fields are rejected: a typo must not drop a criterion. */
export const AcceptanceSpecSchema = z.strictObject({
  /** What the model is chosen for, in one line; the decision record's title. */
  task: z.string(expected('a string')).trim().min(1, 'must describe the task in one line'),
  /**
   * The bar: the minimum TRUE success rate, as a fraction (0.9 = 90 %). A candidate passes only
   * when the acceptance rule concludes from its trials that it meets it, not when it happened to.
   */
  minSuccessRate: z
    .number(expected('a number between 0 and 1'))
    .gt(0, 'must be between 0 and 1, exclusive (a fraction: 0.9 = 90%)')
    .lt(1, 'must be between 0 and 1, exclusive (a fraction: 0.9 = 90%; no finite number of trials proves 100%)'),
  /**
   * The budget: at most this many trials (golden cases, each a paid call) per candidate. When it
   * runs out before the rule decides, the candidate is not proven.
   */
  maxTrials: z
    .number(expected('a whole number of trials'))
    .int('must be a whole number of trials')
    .positive('must be at least 1 trial')
    .max(100_000, 'must be at most 100,000 trials (each one is a paid call)'),
  /** Maximum 95th-percentile latency of one call, in milliseconds. */
  maxP95LatencyMs: z.number(expected('a number of milliseconds')).positive('must be greater than 0 ms'),
  /** Maximum cost per successful task in USD (failed tasks' spend counts against it). */
  maxCostPerSuccessUsd: z.number(expected('a number of US dollars')).positive('must be greater than 0 USD'),
  /** Minimum context window in tokens (input plus output) the task needs. */
  minContextWindow: z
    .number(expected('a whole number of tokens'))
    .int('must be a whole number of tokens')
    .positive('must be greater than 0 tokens'),
  /** `self-hosted-only` when the data may not leave the company. */
  privacy: z.enum(PRIVACY_CLASSES, expected(`one of: ${PRIVACY_CLASSES.join(', ')}`)),
  /** Providers procurement has approved, e.g. `["openai", "vllm"]`. */
  allowedProviders: z
    .array(
      z.string(expected('a provider id')).trim().min(1, 'must not contain empty names'),
      expected('a list of provider ids'),
    )
    .min(1, 'must name at least one provider'),
});

/** A validated acceptance spec. */
export type AcceptanceSpec = z.infer<typeof AcceptanceSpecSchema>;

/** One problem with one field of a spec. */
export interface SpecIssue {
  /** The field, e.g. `maxP95LatencyMs` or `allowedProviders.1`. */
  field: string;
  /** What is wrong with it. */
  message: string;
}

/** An invalid spec: one issue per bad field, all of them at once. */
export class SpecError extends Error {
  override readonly name = 'SpecError';
  /** One entry per bad field, in the schema's order. */
  readonly issues: SpecIssue[];

  constructor(issues: SpecIssue[]) {
    super(`Invalid acceptance spec: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
    this.issues = issues;
  }
}

/**
 * Validate an acceptance spec (e.g. parsed from JSON or YAML). Returns the typed spec, or
 * throws a `SpecError` that lists every bad field with its own message.
 */
export function parseAcceptanceSpec(input: unknown): AcceptanceSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new SpecError([{ field: '(spec)', message: 'must be an object' }]);
  }
  const result = AcceptanceSpecSchema.safeParse(input);
  if (result.success) return result.data;

  const issues: SpecIssue[] = [];
  const seen = new Set<string>();
  const add = (field: string, message: string) => {
    // One message per field: the first problem is the one to fix first.
    if (seen.has(field)) return;
    seen.add(field);
    issues.push({ field, message });
  };
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add(key, 'unknown field (a typo would silently drop a criterion)');
    } else {
      add(issue.path.length ? issue.path.join('.') : '(spec)', issue.message);
    }
  }
  throw new SpecError(issues);
}
