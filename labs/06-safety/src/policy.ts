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
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read by the methods you write (checkInput, checkSource, checkOutput, kpis).
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
    // TODO (DoD-7): count the evaluation (`this.#evaluations += 1`), then, first match wins:
    //  - longer than `this.#maxInputChars` → `this.#incident('input', 'oversized_input', 'block', reason, null, { length })`,
    //    the reason naming the length and the limit;
    //  - `verdict = this.#detect(text)`; flagged and `score >= this.#blockAbove` → incident
    //    ('input', 'prompt_injection', 'block', 'prompt injection detected (score 0.97)', null, { score });
    //  - flagged below that → incident ('input', 'prompt_injection', 'escalate', a reason that says it is
    //    held for review, null, { score }, text) — the last argument is what the reviewer sees;
    //  - otherwise `{ action: 'allow', reason: 'no injection signal (score …)', text }`.
    // Throw a TypeError naming the type when `text` is not a string.
    void text;
    throw new Error('TODO: SafetyPolicy.checkInput — allow, block or escalate a prompt');
  }

  /**
   * Retrieved documents and tool output (indirect injection). A flagged source is not blocked —
   * spotlighting already keeps it from instructing the model — but the poisoned document goes
   * to a human, who can fix the knowledge base at its source.
   */
  checkSource(sourceId: string, content: string): Decision {
    // TODO (DoD-4): count the evaluation; `verdict = this.#detect(content)`; not flagged → allow
    // (text = content). Flagged → incident ('input', 'prompt_injection', 'escalate', a reason that
    // names `sourceId`, null, { score, sourceId }, content).
    void sourceId;
    void content;
    throw new Error('TODO: SafetyPolicy.checkSource — score retrieved content and escalate poisoned sources');
  }

  /** A model answer, before it reaches the user. Pass the conversation's canary when there is one. */
  checkOutput(text: string, options: { canary?: string } = {}): Decision {
    // TODO (DoD-6, DoD-7): count the evaluation, then, first match wins:
    //  - `options.canary` and `leaksCanary(text, options.canary)` → incident ('output', 'system_prompt_leak',
    //    'block', a reason mentioning the canary / leakage, null, {});
    //  - `redaction = this.#redact(text)`; no findings → `{ action: 'allow', reason, text }`;
    //  - any finding whose type is in `this.#escalateTypes` → incident ('output', 'sensitive_data',
    //    'escalate', reason naming those types, redaction.text, { types, count }, redaction.text);
    //  - otherwise → incident ('output', 'sensitive_data', 'redact', `redacted EMAIL, PHONE`…,
    //    redaction.text, { types, count }).
    void text;
    void options;
    void leaksCanary;
    throw new Error('TODO: SafetyPolicy.checkOutput — block leaks, redact PII, escalate high-risk PII');
  }

  /** KPIs over everything checked so far. */
  kpis(): SafetyKpis {
    // TODO (DoD-7): compute everything from `this.log.all()` (never from separate counters):
    // evaluations = this.#evaluations; violations = number of incidents; policyViolationRate =
    // violations / evaluations (0 when none); injectionIncidents / sensitiveDataExposures = incidents
    // of kind 'prompt_injection' / 'sensitive_data'; escalationsPending = this.queue.size.
    throw new Error('TODO: SafetyPolicy.kpis — the three KPIs from the incident log');
  }

  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: given helper for the methods you write — logs, queues and builds the Decision.
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
