/**
 * The record-keeping around the escalation policy: `SafetyPolicy` gathers what the guards found,
 * asks the decisions in `escalation.ts` what to do, and then applies the verdict — passes the text
 * on (redacted when asked), logs an incident, queues an escalation — and keeps the KPIs.
 * Given code: identical in the starter.
 *
 * Everything a client can make grow is bounded: the incident log and the escalation queue keep the
 * newest entries up to a cap and count what they dropped, and incident ids come from a counter,
 * not from the size of the log. A reviewer sees the PII-redacted text, never the raw prompt.
 */
import { leaksCanary } from './canary.ts';
import { decideInput, decideOutput, decideSource } from './escalation.ts';
import { defaultDetector } from './injection/detector.ts';
import { redactPII } from './pii/redact.ts';
import type { PiiType, RedactionResult } from './pii/types.ts';

/** What to do with a prompt, a source or an answer. */
export type Action = 'allow' | 'block' | 'redact' | 'escalate';

/** Which guard raised an incident. */
export type IncidentKind = 'prompt_injection' | 'sensitive_data' | 'system_prompt_leak' | 'oversized_input';

/** What the input guard found in a prompt (or a source). */
export interface InjectionFacts {
  /** Guard score in [0, 1]; 0.5 is the operating point, a known attack phrasing lifts it to >= 0.9. */
  score: number;
  /** Whether the guard flagged it. */
  flagged: boolean;
  /** Ids of the known attack phrasings that matched (empty when none did). */
  signatures: string[];
}

/** What the input guard found in a retrieved document or tool result. */
export interface SourceFacts extends InjectionFacts {
  /** The source's id, e.g. `kb/returns.md`. */
  sourceId: string;
}

/** What the output guards found in an answer. */
export interface OutputFacts {
  /** The conversation's canary is in the answer: the system prompt leaked. */
  canaryLeaked: boolean;
  /** The PII types found, distinct and sorted (empty when none). */
  piiTypes: PiiType[];
}

/** A decision of `escalation.ts`: what to do, and one line saying why. */
export interface Verdict {
  action: Action;
  /** Goes into the incident log and to the reviewer: name the guard and what it saw, never the raw text. */
  reason: string;
}

/** A decision as the caller sees it. */
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
  /** Guard detail: injection score, PII types found, … (never raw text). */
  detail: Record<string, unknown>;
}

/** An item waiting for a human. */
export interface Escalation {
  incidentId: string;
  stage: 'input' | 'output';
  reason: string;
  /** What the human needs to judge, with its PII redacted: the prompt, the source or the answer. */
  text: string;
}

/** A fixed-capacity first-in, first-out buffer that drops (and counts) the oldest when full. */
class BoundedBuffer<T> {
  readonly #items: (T | undefined)[];
  #head = 0;
  #size = 0;
  #dropped = 0;
  readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`capacity must be an integer >= 1, got ${capacity}`);
    this.#items = new Array(capacity);
  }
  push(item: T): void {
    if (this.#size === this.capacity) {
      this.#head = (this.#head + 1) % this.capacity;
      this.#size -= 1;
      this.#dropped += 1;
    }
    this.#items[(this.#head + this.#size) % this.capacity] = item;
    this.#size += 1;
  }
  shift(): T | undefined {
    if (this.#size === 0) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.capacity;
    this.#size -= 1;
    return item;
  }
  toArray(): T[] {
    return Array.from({ length: this.#size }, (_, i) => this.#items[(this.#head + i) % this.capacity] as T);
  }
  get size(): number {
    return this.#size;
  }
  get dropped(): number {
    return this.#dropped;
  }
}

/**
 * First-in, first-out queue of escalations, bounded (default 1,000): when reviewers fall behind
 * the oldest item is dropped and counted, so an attack cannot grow memory without limit. Swap for a
 * real queue (SQS, a ticket system) in production.
 */
export class EscalationQueue {
  readonly #buffer: BoundedBuffer<Escalation>;
  constructor(options: { capacity?: number } = {}) {
    this.#buffer = new BoundedBuffer(options.capacity ?? 1_000);
  }
  enqueue(item: Escalation): void {
    this.#buffer.push(item);
  }
  /** Takes the oldest item, or `undefined` when empty. */
  next(): Escalation | undefined {
    return this.#buffer.shift();
  }
  /** Items waiting, oldest first (a copy). */
  pending(): Escalation[] {
    return this.#buffer.toArray();
  }
  get size(): number {
    return this.#buffer.size;
  }
  /** Escalations dropped because the queue was full. */
  get dropped(): number {
    return this.#buffer.dropped;
  }
}

/** Running totals of everything ever recorded, kept as incidents arrive (so dropping old ones loses no count). */
export interface IncidentCounts {
  total: number;
  byKind: Record<IncidentKind, number>;
}

/** Incident log, bounded (default 10,000 newest kept; the rest counted and dropped). */
export class IncidentLog {
  readonly #buffer: BoundedBuffer<Incident>;
  readonly #counts: IncidentCounts = {
    total: 0,
    byKind: { prompt_injection: 0, sensitive_data: 0, system_prompt_leak: 0, oversized_input: 0 },
  };
  constructor(options: { capacity?: number } = {}) {
    this.#buffer = new BoundedBuffer(options.capacity ?? 10_000);
  }
  record(incident: Incident): void {
    this.#buffer.push(Object.freeze({ ...incident }));
    this.#counts.total += 1;
    this.#counts.byKind[incident.kind] += 1;
  }
  /** The incidents kept, oldest first (a copy). */
  all(): Incident[] {
    return this.#buffer.toArray();
  }
  /** Totals over everything recorded, including dropped incidents. */
  counts(): IncidentCounts {
    return { total: this.#counts.total, byKind: { ...this.#counts.byKind } };
  }
  /** Incidents dropped because the log was full. */
  get dropped(): number {
    return this.#buffer.dropped;
  }
}

/** The safety KPIs. */
export interface SafetyKpis {
  /** Prompts, sources and answers checked. */
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
  /** Escalations dropped because the queue was full: reviews that never happened. */
  escalationsDropped: number;
}

/** The guard verdict `SafetyPolicy` needs; a test stub may leave out the signatures. */
export type InjectionDetect = (text: string) => { score: number; flagged: boolean; heuristics?: { rule: string }[] };

/** Collaborators and limits of the policy; everything has a default. */
export interface PolicyOptions {
  /** Injection detector; the shipped guard (`detectInjection`'s, with the signatures that matched) by default. */
  detect?: InjectionDetect;
  /** PII redactor; `redactPII` by default. */
  redact?: (text: string) => RedactionResult;
  /** Longest prompt accepted, in characters (default 8,000): unbounded consumption starts with unbounded input. */
  maxInputChars?: number;
  queue?: EscalationQueue;
  log?: IncidentLog;
  /** Clock for incident times. */
  now?: () => Date;
}

/** Applies the escalation policy to each prompt, source and answer, and keeps the record. */
export class SafetyPolicy {
  readonly queue: EscalationQueue;
  readonly log: IncidentLog;
  readonly #detect: InjectionDetect;
  readonly #redact: (text: string) => RedactionResult;
  readonly #maxInputChars: number;
  readonly #now: () => Date;
  #evaluations = 0;
  #sequence = 0;

  constructor(options: PolicyOptions = {}) {
    this.#detect = options.detect ?? ((text) => defaultDetector().classify(text));
    this.#redact = options.redact ?? redactPII;
    this.#maxInputChars = options.maxInputChars ?? 8_000;
    this.queue = options.queue ?? new EscalationQueue();
    this.log = options.log ?? new IncidentLog();
    this.#now = options.now ?? (() => new Date());
  }

  /** A user prompt, before it reaches the model. */
  checkInput(text: string): Decision {
    if (typeof text !== 'string') throw new TypeError(`checkInput expects a string, got ${typeof text}`);
    this.#evaluations += 1;
    if (text.length > this.#maxInputChars) {
      const reason = `input of ${text.length} characters exceeds the limit of ${this.#maxInputChars}`;
      return this.#apply('input', 'oversized_input', { action: 'block', reason }, text, { length: text.length });
    }
    const facts = this.#injectionFacts(text);
    return this.#apply('input', 'prompt_injection', decideInput(facts), text, { score: facts.score });
  }

  /**
   * A retrieved document or tool result (indirect injection). `allow` and `escalate` keep it in the
   * prompt (spotlighted); `block` drops it.
   */
  checkSource(sourceId: string, content: string): Decision {
    if (typeof content !== 'string') throw new TypeError(`checkSource expects a string, got ${typeof content}`);
    this.#evaluations += 1;
    const facts: SourceFacts = { ...this.#injectionFacts(content), sourceId };
    return this.#apply('input', 'prompt_injection', decideSource(facts), content, { score: facts.score, sourceId });
  }

  /** A model answer, before it reaches the user. Pass the conversation's canary when there is one. */
  checkOutput(text: string, options: { canary?: string } = {}): Decision {
    if (typeof text !== 'string') throw new TypeError(`checkOutput expects a string, got ${typeof text}`);
    this.#evaluations += 1;
    const canaryLeaked = options.canary !== undefined && leaksCanary(text, options.canary);
    const redaction = this.#redact(text);
    const piiTypes = [...new Set(redaction.findings.map((f) => f.type))].sort();
    const verdict = decideOutput({ canaryLeaked, piiTypes });
    const kind = canaryLeaked ? 'system_prompt_leak' : 'sensitive_data';
    return this.#apply('output', kind, verdict, text, { types: piiTypes, count: redaction.findings.length }, redaction);
  }

  /** KPIs over everything checked so far, from the log's running totals (O(1)). */
  kpis(): SafetyKpis {
    const counts = this.log.counts();
    return {
      evaluations: this.#evaluations,
      violations: counts.total,
      policyViolationRate: this.#evaluations === 0 ? 0 : counts.total / this.#evaluations,
      injectionIncidents: counts.byKind.prompt_injection,
      sensitiveDataExposures: counts.byKind.sensitive_data,
      escalationsPending: this.queue.size,
      escalationsDropped: this.queue.dropped,
    };
  }

  #injectionFacts(text: string): InjectionFacts {
    const verdict = this.#detect(text);
    return {
      score: verdict.score,
      flagged: verdict.flagged,
      signatures: (verdict.heuristics ?? []).map((h) => h.rule),
    };
  }

  /** Turns a verdict into a decision: the text to pass on, an incident, an escalation. */
  #apply(
    stage: Incident['stage'],
    kind: IncidentKind,
    verdict: Verdict,
    text: string,
    detail: Record<string, unknown>,
    redaction?: RedactionResult,
  ): Decision {
    checkVerdict(verdict);
    if (verdict.action === 'allow') return { action: 'allow', reason: verdict.reason, text };
    this.#sequence += 1;
    const id = `inc-${String(this.#sequence).padStart(5, '0')}`;
    const { action, reason } = verdict;
    this.log.record({ id, at: this.#now().toISOString(), stage, kind, action, reason, detail });
    const redacted = () => (redaction ?? this.#redact(text)).text;
    if (action === 'escalate') this.queue.enqueue({ incidentId: id, stage, reason, text: redacted() });
    // Blocked and escalated texts never reach the user; a redacted one does.
    return { action, reason, text: action === 'redact' ? redacted() : null, incidentId: id };
  }
}

const ACTIONS: readonly Action[] = ['allow', 'block', 'redact', 'escalate'];

/** One line naming what is wrong with a verdict from `escalation.ts`. */
function checkVerdict(verdict: Verdict): void {
  if (!verdict || !ACTIONS.includes(verdict.action)) {
    throw new Error(`escalation.ts returned ${JSON.stringify(verdict)}: action must be one of ${ACTIONS.join(', ')}`);
  }
  if (typeof verdict.reason !== 'string' || verdict.reason.trim() === '') {
    throw new Error(`escalation.ts returned a ${verdict.action} verdict without a reason`);
  }
}
