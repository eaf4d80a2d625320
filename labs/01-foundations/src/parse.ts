/**
 * Deterministic parsing: turn a request into an `Intent` when plain code can be sure what
 * it asks, and return null otherwise. Null is not a failure: it routes the request to the
 * model. Being wrong here costs more than a model call (a confident, wrong answer), so the
 * parser must be conservative and only accept short, single-sentence, single-intent requests.
 */
import type { Intent } from './types.ts';

/** Longer requests usually carry context the rules would ignore (damage, anger, a second ask). */
export const MAX_DETERMINISTIC_WORDS = 12;

/**
 * Returns the intent of `text` when it is a short, single-sentence request for one of the
 * four things plain code answers; null when the request should go to the model.
 */
export function parseRequest(text: string): Intent | null {
  // TODO (DoD-1): implement the rules of the README, section "DoD-1", in this order:
  //   1. Normalise: trim, collapse runs of whitespace to one space. Match case-insensitively.
  //   2. Return null for: an empty text; more than MAX_DETERMINISTIC_WORDS words; a second
  //      sentence (`.`, `!` or `?` followed by whitespace and more text: /[.!?]\s+\S/);
  //      a negation or contrast (the words not, never, but, however, although, or "n't").
  //   3. "<amount> <CUR> to|in|into <CUR>" anywhere → { kind: 'convert_currency', amount, from, to }
  //      (amount: digits with an optional decimal point; codes: 3 letters, upper-cased).
  //   4. Order ids look like A-1042 (/\b[a-z]-\d{4}\b/i, upper-cased). More than one distinct id → null.
  //      With exactly one: "return" or "send (it) back" → return_eligibility;
  //      "status", "where", "track" or "tracking" → order_status; anything else → null.
  //   5. No order id: "password" plus reset|forgot|forgotten|change|lost → { kind: 'password_reset' }.
  //   6. Everything else → null.
  void text;
  throw new Error('TODO: parseRequest (DoD-1) — see the TODO in src/parse.ts');
}
