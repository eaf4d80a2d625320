/**
 * Validation of the model's structured output. The model is an untrusted producer of JSON:
 * whatever the provider promises about JSON mode, the zod schema decides. Given code: the same in
 * the starter and the solution; what to do with a rejected answer is yours (src/model-triage.ts).
 */
import { z } from 'zod';
import type { Triage } from './types.ts';

/** The triage contract. Unknown extra keys are dropped, not rejected: they cost a repair for nothing. */
export const TriageSchema: z.ZodType<Triage> = z.object({
  category: z.enum(['damaged_item', 'late_delivery', 'refund_request', 'billing', 'account', 'other']),
  priority: z.enum(['low', 'normal', 'high', 'urgent']),
  summary: z.string().min(1).max(280),
  needs_human: z.boolean(),
  order_id: z
    .string()
    .regex(/^[A-Z]-\d{4}$/, 'expected an upper-case order id like "A-1042"')
    .nullable(),
});

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

// Models often wrap JSON in a Markdown fence even in JSON mode; unwrapping it is free.
const FENCED = /^```(?:json)?\s*([\s\S]*?)\s*```$/i;

/** Parses and validates one raw model output against `TriageSchema`. Never throws. */
export function parseTriage(raw: string): TriageParse {
  const trimmed = raw.trim();
  const body = FENCED.exec(trimmed)?.[1] ?? trimmed;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: `the output is not valid JSON (${reason})`, issues: [] };
  }
  const result = TriageSchema.safeParse(json);
  if (result.success) return { ok: true, triage: result.data };
  return {
    ok: false,
    problem: `the output does not match the schema:\n${z.prettifyError(result.error)}`,
    issues: result.error.issues,
  };
}
