/**
 * Prompts for the triage model. Given code: prompt design is lab 05; here the point is what
 * the code around the model does with its answer.
 */

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
 * The follow-up user message of the repair attempt: tells the model what was wrong with
 * its previous reply, in the validator's own words, and asks for a corrected one.
 */
export function repairPrompt(problem: string): string {
  return `Your previous reply was rejected: ${problem}
Reply again with only the corrected JSON object, following the field rules exactly.`;
}
