/**
 * Prompts for the triage model. Given code: prompt design is lab 05; here the point is what the
 * code around the model does with its answer.
 */
import type { ChatRequest } from '@workshop/llm';
import { TriageSchema } from './triage.ts';

/** System prompt: what to return, field by field. The zod schema stays the source of truth. */
export const TRIAGE_SYSTEM_PROMPT = `You triage customer requests for Kestrel Outfitters, an online outdoor-gear shop.
Reply with ONE JSON object and nothing else, with exactly these fields:
- "category": one of "damaged_item", "late_delivery", "refund_request", "billing", "account", "other"
- "priority": one of "low", "normal", "high", "urgent"
- "summary": one or two sentences for the support agent, at most 280 characters
- "needs_human": true when a person must act (refunds, legal threats, safety, anything you must not promise)
- "order_id": the order id mentioned (like "A-1042", upper case), or null
Do not answer the customer; only classify the request.`;

/**
 * The first call for a triage: the system prompt, the customer's text as the user turn, and
 * structured JSON output with the triage schema (the OpenAI adapter sends it as `json_schema`).
 */
export function triageRequest(text: string): ChatRequest {
  return {
    messages: [
      { role: 'system', content: TRIAGE_SYSTEM_PROMPT },
      { role: 'user', content: text },
    ],
    responseFormat: { type: 'json', schema: TriageSchema, name: 'triage' },
    temperature: 0,
  };
}

/**
 * The follow-up user message of the repair attempt: tells the model what was wrong with its
 * previous reply, in the validator's own words, and asks for a corrected one.
 */
export function repairPrompt(problem: string): string {
  return `Your previous reply was rejected: ${problem}
Reply again with only the corrected JSON object, following the field rules exactly.`;
}
