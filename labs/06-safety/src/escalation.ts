/**
 * The escalation policy: what happens to a prompt, a retrieved source or an answer once the guards
 * have looked at it. Each function turns what the guards found (the facts) into allow / block /
 * redact / escalate with a reason; `SafetyPolicy` (policy.ts) applies it, logs it and queues it.
 *
 * What each outcome costs is in the brief (README, DoD-2): a reviewer's minutes, a refused user,
 * an injection that reaches the model, PII that reaches the wrong reader.
 */
import type { InjectionFacts, OutputFacts, SourceFacts, Verdict } from './policy.ts';

/** A user prompt, with what the input guard found in it. */
export function decideInput(facts: InjectionFacts): Verdict {
  // TODO (DoD-2): which flagged prompts are certain enough to block without a reviewer, which go to a
  // human, what goes through — with a reason that names what the guard saw (never the raw text).
  // Judged by test/dod-2-escalation.test.ts on the test split: false blocks, review load, injections
  // through. `node labs/06-safety/src/dev-report.ts` shows them on dev.
  void facts;
  throw new Error('TODO: decideInput — allow, block or escalate a prompt');
}

/** A retrieved document or tool result, with what the input guard found in it. */
export function decideSource(facts: SourceFacts): Verdict {
  // TODO (DoD-2): a flagged source must not pass silently; decide whether it stays in the prompt as
  // data (escalate) or is left out (block): both are acceptable. Say which source in the reason.
  void facts;
  throw new Error('TODO: decideSource — allow or escalate a retrieved source');
}

/** A model answer, with what the output guards found in it. */
export function decideOutput(facts: OutputFacts): Verdict {
  // TODO (DoD-2): nothing of a leaked system prompt may reach the user, no raw PII either, and a human
  // sees every answer with payment or identity numbers — without holding routine answers back.
  void facts;
  throw new Error('TODO: decideOutput — block, redact, escalate or allow an answer');
}
