/**
 * The golden set: the task every candidate is measured on, with answers that can be checked
 * by code. Here the task is support-ticket triage — read a customer email, name its category
 * and the order it is about — because both fields have exactly one right answer.
 *
 * This file is provided complete; the lab is about what you do with it. To evaluate your own
 * task, change the answer schema, the prompt in `buildTaskRequest` and the checks in `gradeAnswer`.
 */
import { readFileSync } from 'node:fs';
import type { ChatRequest } from '@workshop/llm';
import { z } from 'zod';

/** The categories a ticket can have; exactly one applies to each golden case. */
export const TICKET_CATEGORIES = ['billing', 'shipping', 'technical', 'account', 'cancellation'] as const;

/** What the model must answer for one ticket (and what a golden case expects). */
export const TriageAnswerSchema = z.strictObject({
  /** The one category the ticket belongs to. */
  category: z.enum(TICKET_CATEGORIES),
  /** The order the ticket is about, as `ORD-` plus five digits, or null when it names none. */
  orderId: z
    .string()
    .regex(/^ORD-\d{5}$/, 'must look like ORD-12345')
    .nullable(),
});

/** A triage answer. */
export type TriageAnswer = z.infer<typeof TriageAnswerSchema>;

/** One line of the golden set. */
export const GoldenCaseSchema = z.strictObject({
  /** Stable id, unique in the set; decision records and diffs refer to it. */
  id: z.string().min(1, 'must not be empty'),
  /** The customer email, exactly as the model will see it. */
  input: z.string().min(1, 'must not be empty'),
  /** The one right answer. */
  expected: TriageAnswerSchema,
});

/** A golden case. */
export type GoldenCase = z.infer<typeof GoldenCaseSchema>;

/** The outcome of checking one answer. */
export interface Grade {
  /** Whether the answer is right in every field. */
  passed: boolean;
  /** Why it failed, in one line; absent when it passed. */
  reason?: string;
}

/**
 * Parse a JSONL golden set: one JSON object per non-empty line. Throws a one-line error that
 * names the source, the line number and the field on the first bad line, and on duplicate ids.
 */
export function parseGoldenSet(jsonl: string, source = 'golden set'): GoldenCase[] {
  const cases: GoldenCase[] = [];
  const seen = new Set<string>();
  const lines = jsonl.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const where = `${source} line ${index + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new Error(`${where}: not valid JSON`);
    }
    const result = GoldenCaseSchema.safeParse(json);
    if (!result.success) {
      const issue = result.error.issues[0];
      const field = issue?.path.length ? issue.path.join('.') : '(line)';
      throw new Error(`${where}: ${field}: ${issue?.message ?? 'invalid'}`);
    }
    if (seen.has(result.data.id)) throw new Error(`${where}: id: duplicate id "${result.data.id}"`);
    seen.add(result.data.id);
    cases.push(result.data);
  }
  if (cases.length === 0) throw new Error(`${source}: no cases (an empty golden set measures nothing)`);
  return cases;
}

/** Read and parse a JSONL golden set from a file. */
export function loadGoldenSet(path: string): GoldenCase[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read golden set ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseGoldenSet(text, path);
}

const SYSTEM_PROMPT = [
  'You triage customer support emails.',
  `Answer with JSON only: {"category": one of ${TICKET_CATEGORIES.map((c) => `"${c}"`).join(', ')}, "orderId": the order id as "ORD-" plus five digits, or null}.`,
  'billing = payments, invoices, prices; shipping = delivery, parcels, damage in transit;',
  'technical = bugs, errors, outages; account = login, profile, security settings;',
  'cancellation = cancelling an order or a subscription.',
].join('\n');

/** The request every candidate gets for a case: same prompt, temperature 0, JSON output. */
export function buildTaskRequest(goldenCase: GoldenCase): ChatRequest {
  return {
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: goldenCase.input },
    ],
    temperature: 0,
    maxOutputTokens: 100,
    responseFormat: { type: 'json', schema: TriageAnswerSchema, name: 'ticket_triage' },
  };
}

/**
 * Check a model's answer against the expected one. Values are compared exactly, after
 * forgiving what does not change the meaning: surrounding whitespace, a Markdown code
 * fence, and the case of the order id.
 */
export function gradeAnswer(goldenCase: GoldenCase, text: string): Grade {
  const unfenced = text
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/\s*```$/, '');
  let json: unknown;
  try {
    json = JSON.parse(unfenced);
  } catch {
    return { passed: false, reason: 'answer is not valid JSON' };
  }
  if (typeof json === 'object' && json !== null && typeof (json as { orderId?: unknown }).orderId === 'string') {
    json = { ...json, orderId: (json as { orderId: string }).orderId.trim().toUpperCase() };
  }
  const parsed = TriageAnswerSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      passed: false,
      reason: `answer does not match the schema (${issue?.path.join('.') || 'answer'}: ${issue?.message})`,
    };
  }
  const { expected } = goldenCase;
  if (parsed.data.category !== expected.category) {
    return { passed: false, reason: `category: expected ${expected.category}, got ${parsed.data.category}` };
  }
  if (parsed.data.orderId !== expected.orderId) {
    return { passed: false, reason: `orderId: expected ${expected.orderId}, got ${parsed.data.orderId}` };
  }
  return { passed: true };
}
