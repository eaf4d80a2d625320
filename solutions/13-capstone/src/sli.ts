/**
 * DoD-3: which asks the SLO counts, and which of those it counts as failed. The SLI is what the
 * alerts of DoD-1 page on, so every mistake here is a false page or a hidden outage.
 *
 * The rule: an ask spends budget when the service failed someone it should have served — no
 * guarded answer (an error, an overload, a dependency down, only passages instead of an answer), or
 * one later than the SLO's bound, including a user who gave up waiting past it. A refusal the policy
 * owes (a budget or rate limit, a blocked question, a broken request) is the caller's, not ours: not
 * counted, so a misbehaving client cannot page anyone. An honest "I don't know" and an answer the
 * guard withheld or held for review are the service working as designed: good.
 */
import { type AskOutcome, SLO, type SliVerdict } from './slo/slo.ts';

/** Refusals that are the caller's to act on: not counted by the SLO. */
const CALLERS = new Set([
  'budget_exceeded',
  'rate_limited',
  'input_blocked',
  'invalid_request',
  'invalid_json',
  'payload_too_large',
  'unsupported_media_type',
  'unsupported_encoding',
  'unauthorized',
]);

/** The SLI verdict of one ask. */
export function classifyAsk(outcome: AskOutcome): SliVerdict {
  const late = outcome.latencyMs > SLO.latencyMs;
  if (outcome.httpStatus === 499) return late ? 'bad' : 'excluded';
  if (outcome.errorCode !== undefined) return CALLERS.has(outcome.errorCode) ? 'excluded' : 'bad';
  if (outcome.httpStatus !== 200) return outcome.httpStatus < 500 && outcome.httpStatus !== 429 ? 'excluded' : 'bad';
  return outcome.answerStatus === 'degraded' || late ? 'bad' : 'good';
}
