/**
 * Validation of the model's structured output. The model is an untrusted producer of
 * JSON: whatever the provider promises about JSON mode, the zod schema decides.
 */
import { z } from 'zod';
import type { Triage } from './types.ts';

/** The triage contract. Unknown extra keys are dropped, not rejected: they cost a repair for nothing. */
// TODO (DoD-3): replace z.never() with a z.object({...}) for the `Triage` interface in src/types.ts:
//   category and priority as z.enum([...]) of exactly the listed values, summary a string of
//   1–280 characters, needs_human a boolean, order_id a string matching /^[A-Z]-\d{4}$/ or null
//   (`.nullable()`, not `.optional()`: the field must be present). Use z.object, not z.strictObject.
export const TriageSchema: z.ZodType<Triage> = z.never();

/** The outcome of checking one raw model output. */
export type TriageParse =
  | { ok: true; triage: Triage }
  | {
      ok: false;
      /** What is wrong, readable by a human and by the model (it is sent back in the repair). */
      problem: string;
      /** zod issues; empty when the output was not JSON at all. */
      issues: z.core.$ZodIssue[];
    };

/** Parses and validates one raw model output against `TriageSchema`. Never throws. */
export function parseTriage(raw: string): TriageParse {
  // TODO (DoD-3):
  //   1. Trim `raw`; if it is wrapped in a Markdown fence (```json … ``` or ``` … ```), take the inside.
  //   2. JSON.parse it; on failure return { ok: false, problem: 'the output is not valid JSON (…)', issues: [] }
  //      (the word "JSON" must be in the problem: the model reads it in the repair).
  //   3. TriageSchema.safeParse(json): success → { ok: true, triage: result.data };
  //      failure → { ok: false, problem: <names each failing field: z.prettifyError(result.error) does>,
  //      issues: result.error.issues }.
  void raw;
  throw new Error('TODO: parseTriage (DoD-3) — see the TODO in src/triage.ts');
}
