/**
 * The escalation path: every guard verdict becomes a decision — allow, block, redact or escalate
 * to a human — with a reason; escalations wait in a queue; every incident is logged; KPIs are
 * computed from the log, never kept as separate counters that could drift.
 */
import { leaksCanary } from './canary.ts';
import { detectInjection } from './injection/detect.ts';
import { redactPII } from './pii/redact.ts';
import type { PiiType, RedactionResult } from './pii/types.ts';

/** What to do with a prompt or an answer. */
export type Action = 'allow' | 'block' | 'redact' | 'escalate';

/** Which guard raised an incident. */
export type IncidentKind = 'prompt_injection' | 'sensitive_data' | 'system_prompt_leak' | 'oversized_input';

/** A decision and why. */
export interface Decision {
  action: Action;
  /** One line a reviewer (or the user) can read: which guard, what it saw. */
  reason: string;
  /** The text to pass on: the original for allow, the redacted one for redact, `null` when blocked or held for a human. */
  text: string | null;
  /** The incident recorded for this decision; absent when allowed. */
  incidentId?: string;
}

/** One logged incident. */
export interface Incident {
  id: string;
  /** ISO 8601 time from the injected clock. */
  at: string;
  stage: 'input' | 'output';
  kind: IncidentKind;
  action: Exclude<Action, 'allow'>;
  reason: string;
  /** Guard detail: injection score, PII types found, … */
  detail: Record<string, unknown>;
}

/** An item waiting for a human. */
export interface Escalation {
  incidentId: string;
  stage: 'input' | 'output';
  reason: string;
  /** What the human needs to judge: the prompt, or the already-redacted answer. */
  text: string;
}

/** First-in, first-out queue of escalations. Swap for a real queue (SQS, a ticket system) in production. */
export class EscalationQueue {
  readonly #items: Escalation[] = [];
  enqueue(item: Escalation): void {
    this.#items.push(item);
  }
  /** Takes the oldest item, or `undefined` when empty. */
  next(): Escalation | undefined {
    return this.#items.shift();
  }
  /** Items waiting, oldest first (a copy). */
  pending(): Escalation[] {
    return [...this.#items];
  }
  get size(): number {
    return this.#items.length;
  }
}

/** Append-only incident log. */
export class IncidentLog {
  readonly #incidents: Incident[] = [];
  record(incident: Incident): void {
    this.#incidents.push(Object.freeze({ ...incident }));
  }
  /** Every incident, oldest first (a copy). */
  all(): Incident[] {
    return [...this.#incidents];
  }
}

/** The safety KPIs, computed from the log. */
export interface SafetyKpis {
  /** Prompts and answers checked. */
  evaluations: number;
  /** Checks that ended in anything but allow. */
  violations: number;
  /** `violations / evaluations` (0 when nothing was checked). */
  policyViolationRate: number;
  /** Incidents of kind `prompt_injection`. */
  injectionIncidents: number;
  /** Answers in which PII was caught (each is one exposure prevented or escalated). */
  sensitiveDataExposures: number;
  /** Escalations still waiting for a human. */
  escalationsPending: number;
}

/** Tunables and collaborators of the policy; everything has a default. */
export interface PolicyOptions {
  /** Injection detector; `detectInjection` by default. */
  detect?: (text: string) => { score: number; flagged: boolean };
  /** PII redactor; `redactPII` by default. */
  redact?: (text: string) => RedactionResult;
  /** Injection score at or above which a prompt is blocked outright (default 0.9); flagged below it → escalate. */
  blockAbove?: number;
  /** Longest prompt accepted, in characters (default 8,000): unbounded consumption starts with unbounded input. */
  maxInputChars?: number;
  /** PII types whose presence in an answer goes to a human after redaction (default: card, IBAN, SSN). */
  escalateTypes?: readonly PiiType[];
  queue?: EscalationQueue;
  log?: IncidentLog;
  /** Clock for incident times. */
  now?: () => Date;
}

/** Decides what happens to each prompt and each answer, and keeps the record. */
export class SafetyPolicy {
  readonly queue: EscalationQueue;
  readonly log: IncidentLog;
  readonly #detect: (text: string) => { score: number; flagged: boolean };
  readonly #redact: (text: string) => RedactionResult;
  readonly #blockAbove: number;
  readonly #maxInputChars: number;
  readonly #escalateTypes: ReadonlySet<PiiType>;
  readonly #now: () => Date;
  #evaluations = 0;

  constructor(options: PolicyOptions = {}) {
    this.#detect = options.detect ?? detectInjection;
    this.#redact = options.redact ?? redactPII;
    this.#blockAbove = options.blockAbove ?? 0.9;
    this.#maxInputChars = options.maxInputChars ?? 8_000;
    this.#escalateTypes = new Set(options.escalateTypes ?? ['CREDIT_CARD', 'IBAN', 'US_SSN']);
    this.queue = options.queue ?? new EscalationQueue();
    this.log = options.log ?? new IncidentLog();
    this.#now = options.now ?? (() => new Date());
  }

  /** A user prompt (or any untrusted text about to reach the model). */
  checkInput(text: string): Decision {
    if (typeof text !== 'string') throw new TypeError(`checkInput expects a string, got ${typeof text}`);
    this.#evaluations += 1;
    if (text.length > this.#maxInputChars) {
      return this.#incident(
        'input',
        'oversized_input',
        'block',
        `input of ${text.length} characters exceeds the limit of ${this.#maxInputChars}`,
        null,
        {
          length: text.length,
        },
      );
    }
    const verdict = this.#detect(text);
    const score = verdict.score.toFixed(2);
    if (verdict.flagged && verdict.score >= this.#blockAbove) {
      return this.#incident('input', 'prompt_injection', 'block', `prompt injection detected (score ${score})`, null, {
        score: verdict.score,
      });
    }
    if (verdict.flagged) {
      return this.#incident(
        'input',
        'prompt_injection',
        'escalate',
        `possible prompt injection (score ${score}): held for review`,
        null,
        {
          score: verdict.score,
        },
        text,
      );
    }
    return { action: 'allow', reason: `no injection signal (score ${score})`, text };
  }

  /**
   * Retrieved documents and tool output (indirect injection). A flagged source is not blocked —
   * spotlighting already keeps it from instructing the model — but the poisoned document goes
   * to a human, who can fix the knowledge base at its source.
   */
  checkSource(sourceId: string, content: string): Decision {
    if (typeof content !== 'string') throw new TypeError(`checkSource expects a string, got ${typeof content}`);
    this.#evaluations += 1;
    const verdict = this.#detect(content);
    if (!verdict.flagged)
      return { action: 'allow', reason: `no injection signal (score ${verdict.score.toFixed(2)})`, text: content };
    const reason = `instructions inside untrusted source ${sourceId} (score ${verdict.score.toFixed(2)}): kept as data, source held for review`;
    return this.#incident(
      'input',
      'prompt_injection',
      'escalate',
      reason,
      null,
      { score: verdict.score, sourceId },
      content,
    );
  }

  /** A model answer, before it reaches the user. Pass the conversation's canary when there is one. */
  checkOutput(text: string, options: { canary?: string } = {}): Decision {
    if (typeof text !== 'string') throw new TypeError(`checkOutput expects a string, got ${typeof text}`);
    this.#evaluations += 1;
    if (options.canary && leaksCanary(text, options.canary)) {
      return this.#incident(
        'output',
        'system_prompt_leak',
        'block',
        'system prompt leakage: the canary token is in the answer',
        null,
        {},
      );
    }
    const redaction = this.#redact(text);
    if (redaction.findings.length === 0) return { action: 'allow', reason: 'no sensitive data found', text };
    const types = [...new Set(redaction.findings.map((f) => f.type))].sort();
    const risky = types.filter((t) => this.#escalateTypes.has(t));
    if (risky.length > 0) {
      return this.#incident(
        'output',
        'sensitive_data',
        'escalate',
        `answer contained ${risky.join(', ')}: redacted and held for review`,
        redaction.text,
        { types, count: redaction.findings.length },
        redaction.text,
      );
    }
    return this.#incident('output', 'sensitive_data', 'redact', `redacted ${types.join(', ')}`, redaction.text, {
      types,
      count: redaction.findings.length,
    });
  }

  /** KPIs over everything checked so far. */
  kpis(): SafetyKpis {
    const incidents = this.log.all();
    return {
      evaluations: this.#evaluations,
      violations: incidents.length,
      policyViolationRate: this.#evaluations === 0 ? 0 : incidents.length / this.#evaluations,
      injectionIncidents: incidents.filter((i) => i.kind === 'prompt_injection').length,
      sensitiveDataExposures: incidents.filter((i) => i.kind === 'sensitive_data').length,
      escalationsPending: this.queue.size,
    };
  }

  #incident(
    stage: Incident['stage'],
    kind: IncidentKind,
    action: Incident['action'],
    reason: string,
    passOn: string | null,
    detail: Record<string, unknown>,
    forReview?: string,
  ): Decision {
    const id = `inc-${String(this.log.all().length + 1).padStart(5, '0')}`;
    this.log.record({ id, at: this.#now().toISOString(), stage, kind, action, reason, detail });
    if (action === 'escalate') this.queue.enqueue({ incidentId: id, stage, reason, text: forReview ?? '' });
    // An escalated answer waits for the human; the user gets nothing until then.
    return { action, reason, text: action === 'escalate' ? null : passOn, incidentId: id };
  }
}
