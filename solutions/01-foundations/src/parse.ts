/**
 * Deterministic parsing: turn a request into an `Intent` when plain code can be sure what
 * it asks, and return null otherwise. Null is not a failure: it routes the request to the
 * model. Being wrong here costs more than a model call (a confident, wrong answer), so the
 * parser is conservative and only accepts short, single-sentence, single-intent requests.
 */
import type { Intent } from './types.ts';

/** Longer requests usually carry context the rules would ignore (damage, anger, a second ask). */
export const MAX_DETERMINISTIC_WORDS = 12;

const ORDER_ID = /\b([a-z]-\d{4})\b/gi;
const CURRENCY = /(\d+(?:\.\d+)?)\s*([a-z]{3})\s+(?:to|in|into)\s+([a-z]{3})\b/i;
const RETURN_WORDS = /\b(?:return|send (?:it )?back)\b/i;
const STATUS_WORDS = /\b(?:status|where|track|tracking)\b/i;
const PASSWORD = /\bpassword\b/i;
const PASSWORD_ACTIONS = /\b(?:reset|forgot|forgotten|change|lost)\b/i;
// "not", "never", "but"… signal a complaint or a condition the rules cannot weigh.
const NEGATION_OR_CONTRAST = /\b(?:not|never|but|however|although)\b|n't\b/i;
// Punctuation that ends a sentence and is followed by more text ("12.50" does not count).
const SECOND_SENTENCE = /[.!?]\s+\S/;

/**
 * Returns the intent of `text` when it is a short, single-sentence request for one of the
 * four things plain code answers; null when the request should go to the model.
 */
export function parseRequest(text: string): Intent | null {
  const normalized = text.trim().replace(/\s+/g, ' ');
  if (normalized === '') return null;
  if (normalized.split(' ').length > MAX_DETERMINISTIC_WORDS) return null;
  if (SECOND_SENTENCE.test(normalized)) return null;
  if (NEGATION_OR_CONTRAST.test(normalized)) return null;

  const currency = CURRENCY.exec(normalized);
  if (currency) {
    const [, amount, from, to] = currency as unknown as [string, string, string, string];
    return {
      kind: 'convert_currency',
      amount: Number(amount),
      from: from.toUpperCase(),
      to: to.toUpperCase(),
    };
  }

  const orderIds = new Set([...normalized.matchAll(ORDER_ID)].map((m) => (m[1] ?? '').toUpperCase()));
  if (orderIds.size > 1) return null; // two orders, two questions: let the model untangle them
  const [orderId] = orderIds;
  if (orderId !== undefined) {
    if (RETURN_WORDS.test(normalized)) return { kind: 'return_eligibility', orderId };
    if (STATUS_WORDS.test(normalized)) return { kind: 'order_status', orderId };
    return null; // an order id alone says nothing about what the customer wants
  }

  if (PASSWORD.test(normalized) && PASSWORD_ACTIONS.test(normalized)) {
    return { kind: 'password_reset' };
  }
  return null;
}
