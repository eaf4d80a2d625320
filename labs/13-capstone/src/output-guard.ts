/**
 * The output guard: the one gate every byte of an answer passes before it leaves the service,
 * whichever way it leaves (JSON, a stream, a cache hit, a fallback, a degraded answer, a message
 * held for review). It stops three things:
 *
 * 1. the canary (06): the system prompt's random marker, even spaced out or re-cased;
 * 2. the system prompt's instructions: any run of `ECHO_WORDS` consecutive words of the system
 *    prompt that is in neither the sources nor the question (those the answer may quote);
 * 3. personal data (06): redacted, and held for a human when it is of a risky type.
 *
 * Streams are guarded piece by piece (`stream()`: a `StreamGuard` scanning a window with a
 * hold-back); whole answers once (`check()`). A leak counts once, as a policy violation in 06's
 * incident log (and so in `capstone_policy_violations_total`), whichever path found it.
 */
import { randomUUID } from 'node:crypto';
import { findPII, type PiiType } from '@workshop/pii';
import { IncidentLog, redactPII, SafetyPolicy } from '@workshop-solutions/06-safety';
import { StreamGuard } from './stream-guard.ts';

/** Consecutive words of the system prompt that make an echo. Six: no instruction fits in five, few phrases are shared by chance. */
export const ECHO_WORDS = 6;

/** PII types that send an answer to a human, as 06's escalation policy decides for answers. */
export const ESCALATE_TYPES: readonly PiiType[] = ['CREDIT_CARD', 'IBAN', 'US_SSN'];

/** What one answer is checked against. */
export interface GuardContext {
  /** The system message as sent to the model (canary line included). */
  systemPrompt: string;
  /** Text the answer may quote without leaking anything: the sources and the question. */
  allowed: string;
}

/** A leak of the system prompt. */
export interface Leak {
  kind: 'canary' | 'prompt_echo';
  reason: string;
}

/** The guard's verdict on a whole answer. */
export type OutputVerdict =
  | { action: 'allow' | 'redact'; text: string; reason: string }
  | { action: 'escalate' | 'block'; text: null; reason: string };

/** A log that keeps nothing: the scanning policy's verdicts are previews, not incidents. */
class DiscardingLog extends IncidentLog {
  override record(): void {}
}

/** Lower-case words, punctuation and spacing ignored. */
function words(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

function shingles(text: string): Set<string> {
  const list = words(text);
  const result = new Set<string>();
  for (let i = 0; i + ECHO_WORDS <= list.length; i++) result.add(list.slice(i, i + ECHO_WORDS).join(' '));
  return result;
}

export class OutputGuard {
  readonly #policy: SafetyPolicy;
  readonly #scanner: SafetyPolicy;
  readonly #canary: string;
  readonly #escalate: ReadonlySet<string>;
  /** Shingles of each system prompt seen, by its text (one per prompt version). */
  readonly #prompts = new Map<string, Set<string>>();
  readonly #allowed = new WeakMap<GuardContext, string>();

  /**
   * `policy` records incidents (the metered one); a second policy, whose log keeps nothing and
   * which finds no PII, previews the canary check on stream windows without recording them.
   */
  constructor(policy: SafetyPolicy, canary: string) {
    this.#policy = policy;
    this.#canary = canary;
    this.#escalate = new Set(ESCALATE_TYPES);
    this.#scanner = new SafetyPolicy({ log: new DiscardingLog(), redact: (text) => ({ text, findings: [] }) });
  }

  /** Whether `text` leaks the canary or the system prompt's instructions (records nothing). */
  findLeak(text: string, context: GuardContext): Leak | undefined {
    if (this.#scanner.checkOutput(text, { canary: this.#canary }).action === 'block') {
      return { kind: 'canary', reason: 'system prompt leakage: the canary token is in the answer' };
    }
    const prompt = this.#shinglesOf(context.systemPrompt);
    for (const shingle of shingles(text)) {
      // The sources and the question are read only when a run of the prompt turns up (rarely).
      if (prompt.has(shingle) && !this.#allowedWords(context).includes(` ${shingle} `)) {
        return {
          kind: 'prompt_echo',
          reason: `system prompt leakage: the answer repeats its instructions ("${shingle}")`,
        };
      }
    }
    return undefined;
  }

  /** Record `leak` (found in `text`) as a blocked output incident: counted once, as every violation. */
  recordLeak(leak: Leak, text: string): void {
    if (leak.kind === 'canary') {
      this.#policy.checkOutput(text, { canary: this.#canary }); // records the block itself
      return;
    }
    this.#policy.log.record({
      id: `inc-echo-${randomUUID()}`,
      at: new Date().toISOString(),
      stage: 'output',
      kind: 'system_prompt_leak',
      action: 'block',
      reason: leak.reason,
      detail: {},
    });
  }

  /** The verdict on a whole answer, recorded in the incident log (leaks, PII). */
  check(text: string, context: GuardContext): OutputVerdict {
    const leak = this.findLeak(text, context);
    if (leak) {
      this.recordLeak(leak, text);
      return { action: 'block', text: null, reason: leak.reason };
    }
    const decision = this.#policy.checkOutput(text, { canary: this.#canary });
    if (decision.action === 'block' || decision.action === 'escalate') {
      return { action: decision.action, text: null, reason: decision.reason };
    }
    return { action: decision.action, text: decision.text ?? text, reason: decision.reason };
  }

  /** A guard for one streamed answer: leaks and risky PII stop it, other PII is redacted. */
  stream(context: GuardContext): StreamGuard {
    return new StreamGuard({
      block: (window) => {
        const leak = this.findLeak(window, context);
        if (leak) return leak.reason;
        const risky = findPII(window).filter((f) => this.#escalate.has(f.type));
        return risky.length > 0 ? `the answer contains ${risky[0]?.type}: held for review` : undefined;
      },
      redact: (piece) => redactPII(piece).text,
      unsafeSpans: (text) => findPII(text).map((f): [number, number] => [f.start, f.end]),
    });
  }

  /** ` word word … ` of the text an answer may quote, computed once per question. */
  #allowedWords(context: GuardContext): string {
    let found = this.#allowed.get(context);
    if (found === undefined) {
      found = ` ${words(context.allowed).join(' ')} `;
      this.#allowed.set(context, found);
    }
    return found;
  }

  #shinglesOf(systemPrompt: string): Set<string> {
    let found = this.#prompts.get(systemPrompt);
    if (!found) {
      found = shingles(systemPrompt);
      // A handful of prompt versions in a process's life; bounded anyway.
      if (this.#prompts.size >= 16) this.#prompts.clear();
      this.#prompts.set(systemPrompt, found);
    }
    return found;
  }
}
