/**
 * The escalation policy: what happens to a prompt, a retrieved source or an answer once the guards
 * have looked at it. Each function turns what the guards found (the facts) into allow / block /
 * redact / escalate with a reason; `SafetyPolicy` (policy.ts) applies it, logs it and queues it.
 *
 * The prices (`GUARD_BUDGET`, and the brief): a human review costs minutes and delays the user; a
 * refused legitimate request costs the user; an injection that reaches the model or PII that reaches
 * the wrong reader costs the company. So: block only what is near-certain, send the doubtful to a
 * human, and never hand raw PII to the user.
 */
import type { InjectionFacts, OutputFacts, SourceFacts, Verdict } from './policy.ts';

/** Payment and identity numbers: in an answer they mean the model saw data it should not have. */
const HIGH_RISK_PII = new Set(['CREDIT_CARD', 'IBAN', 'US_SSN']);

/**
 * A user prompt. A known attack phrasing is near-certain (no benign dev prompt matched one), so it
 * is blocked without costing a reviewer; a flag from the classifier alone is wrong often enough to
 * deserve a human; everything else goes through.
 */
export function decideInput(facts: InjectionFacts): Verdict {
  if (facts.signatures.length > 0) {
    return { action: 'block', reason: `prompt injection: known attack phrasing (${facts.signatures.join(', ')})` };
  }
  if (facts.flagged) {
    return {
      action: 'escalate',
      reason: `possible prompt injection (score ${facts.score.toFixed(2)}): held for review`,
    };
  }
  return { action: 'allow', reason: `no injection signal (score ${facts.score.toFixed(2)})` };
}

/**
 * A retrieved document or tool result. It stays in the prompt either way — spotlighted, it cannot
 * instruct — but a flagged one goes to a human, who fixes the knowledge base where it lives.
 */
export function decideSource(facts: SourceFacts): Verdict {
  if (!facts.flagged) return { action: 'allow', reason: `source ${facts.sourceId}: no injection signal` };
  return {
    action: 'escalate',
    reason: `instructions inside source ${facts.sourceId} (score ${facts.score.toFixed(2)}): kept as data, source held for review`,
  };
}

/**
 * A model answer. A leaked canary proves the system prompt leaked: nothing of it may reach the user.
 * Payment and identity numbers are redacted and held for a human; contact details are redacted and
 * delivered (the user usually asked for their own).
 */
export function decideOutput(facts: OutputFacts): Verdict {
  if (facts.canaryLeaked)
    return { action: 'block', reason: 'system prompt leakage: the canary token is in the answer' };
  if (facts.piiTypes.length === 0) return { action: 'allow', reason: 'no sensitive data found' };
  const risky = facts.piiTypes.filter((type) => HIGH_RISK_PII.has(type));
  if (risky.length > 0) {
    return { action: 'escalate', reason: `answer contained ${risky.join(', ')}: redacted and held for review` };
  }
  return { action: 'redact', reason: `redacted ${facts.piiTypes.join(', ')}` };
}
