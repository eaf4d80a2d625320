/**
 * What the user sees when the pipeline will not answer: an honest "I don't know" and an
 * offer to escalate. Never an invented answer. Given code: the same file in the starter and the solution.
 */

/** Why the pipeline fell back. */
export type FallbackReason =
  /** Nothing retrieved above the score threshold. */
  | 'no_result'
  /** The model's answer was not supported by the chunks it cited. */
  | 'ungrounded'
  /** The model cited a chunk that was not retrieved. */
  | 'invalid_citation'
  /** The model itself said it did not know. */
  | 'declined';

/** Where unanswered questions go. */
export interface Escalation {
  /** The team that can answer, e.g. `People Operations`. */
  team: string;
  /** How to reach it, e.g. an email address or a ticket queue URL. */
  contact: string;
}

/** The handbook's owners (see `welcome.md`). */
export const DEFAULT_ESCALATION: Escalation = {
  team: 'People Operations',
  contact: 'handbook@tidewater.example',
};

/** The fallback text: says it does not know and offers escalation; never contains retrieved content. */
export function fallbackText(reason: FallbackReason, escalation: Escalation = DEFAULT_ESCALATION): string {
  const why =
    reason === 'no_result'
      ? 'I could not find this in the handbook'
      : 'I could not find an answer I can back up with the handbook';
  return `I don't know: ${why}. Would you like me to pass your question to ${escalation.team} (${escalation.contact})?`;
}
