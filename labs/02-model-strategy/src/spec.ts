/**
 * The acceptance spec: what "good enough" means, written down — and validated — before
 * any candidate is measured, so the numbers cannot bend the bar afterwards.
 */
import { z } from 'zod';

/** Privacy classes: may prompts (customer data) leave the company? */
export const PRIVACY_CLASSES = ['external-allowed', 'self-hosted-only'] as const;

/**
 * The schema of an acceptance spec.
 *
 * TODO: tighten every field so a nonsensical spec cannot get through, each with a message
 * that says what the field must be:
 * - reject unknown fields (use `z.strictObject`): a typo such as `maxP95LatencyMS` must not
 *   silently drop a criterion;
 * - `task`: non-empty after trimming;
 * - `minSuccessRate`: a fraction between 0 and 1 (90 instead of 0.9 is a classic mistake);
 * - `maxP95LatencyMs`, `maxCostPerSuccessUsd`: greater than zero;
 * - `minContextWindow`: a positive whole number of tokens;
 * - `allowedProviders`: at least one, no empty names.
 * zod 4 takes a message as the last argument of a check: `.min(0, 'must be …')`, and a type
 * error message as `z.number({ error: 'must be …' })`.
 */
export const AcceptanceSpecSchema = z.object({
  /** What the model is chosen for, in one line; the decision record's title. */
  task: z.string(),
  /** Minimum share of golden cases answered correctly, as a fraction (0.9 = 90 %). */
  minSuccessRate: z.number(),
  /** Maximum 95th-percentile latency of one call, in milliseconds. */
  maxP95LatencyMs: z.number(),
  /** Maximum cost per successful task in USD (failed tasks' spend counts against it). */
  maxCostPerSuccessUsd: z.number(),
  /** Minimum context window in tokens (input plus output) the task needs. */
  minContextWindow: z.number(),
  /** `self-hosted-only` when the data may not leave the company. */
  privacy: z.enum(PRIVACY_CLASSES),
  /** Providers procurement has approved, e.g. `["openai", "vllm"]`. */
  allowedProviders: z.array(z.string()),
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
  // TODO: 1. Input that is not a plain object (null, a string, an array…) → throw
  //          `new SpecError([{ field: '(spec)', message: 'must be an object' }])`.
  // TODO: 2. `AcceptanceSpecSchema.safeParse(input)`; on success return `result.data`.
  // TODO: 3. Otherwise turn `result.error.issues` into `SpecIssue`s — exactly one per field
  //          (keep the first issue of each field): `field` is `issue.path.join('.')`; an
  //          `unrecognized_keys` issue has an empty path and lists the bad names in `issue.keys`,
  //          so add one issue per unknown key. Then `throw new SpecError(issues)`.
  void input;
  throw new Error(
    'TODO: parseAcceptanceSpec — validate the spec with AcceptanceSpecSchema (see the TODOs in src/spec.ts)',
  );
}
