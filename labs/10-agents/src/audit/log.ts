// TODO: hashEntry needs these two:
// import { canonicalJson, sha256Hex } from '../canonical.ts';
import { type Clock, systemClock } from '../clock.ts';
import { type AuditEntry, type AuditEvent, GENESIS_HASH } from './events.ts';
import { redactDeep } from './redact.ts';
import type { AuditSink } from './sinks.ts';

/** The audit log failed verification: `line` (1-based) is the first line that does not check out. */
export class AuditIntegrityError extends Error {
  override readonly name = 'AuditIntegrityError';
  /** First bad line, 1-based. */
  readonly line: number;

  constructor(message: string, line: number) {
    super(message);
    this.line = line;
  }
}

/** The result of verifying a log. */
export type AuditVerification =
  /** Every line checks out; `head` is the last hash (anchor it somewhere else to detect truncation). */
  | { ok: true; entries: AuditEntry[]; head: string }
  /** `line` is the first bad line; `entries` are the good ones before it. */
  | { ok: false; line: number; error: string; entries: AuditEntry[] };

/** The hash of an entry: SHA-256 over the previous hash followed by the canonical JSON of `{ seq, at, event }`. */
export function hashEntry(prevHash: string, entry: Pick<AuditEntry, 'seq' | 'at' | 'event'>): string {
  // TODO: sha256Hex(prevHash + canonicalJson({ seq: entry.seq, at: entry.at, event: entry.event })).
  // Pick exactly those three fields: `entry` may be a whole parsed line, whose own `hash` must not be hashed.
  throw new Error(`TODO: hashEntry in src/audit/log.ts (entry ${entry.seq} after ${prevHash.slice(0, 8)}…)`);
}

const HEX64 = /^[0-9a-f]{64}$/;

function isEntryShape(value: unknown): value is AuditEntry {
  if (value === null || typeof value !== 'object') return false;
  const entry = value as Record<string, unknown>;
  const event = entry.event as Record<string, unknown> | null | undefined;
  return (
    Number.isInteger(entry.seq) &&
    typeof entry.at === 'string' &&
    typeof event === 'object' &&
    event !== null &&
    typeof event.type === 'string' &&
    typeof entry.prevHash === 'string' &&
    HEX64.test(entry.prevHash) &&
    typeof entry.hash === 'string' &&
    HEX64.test(entry.hash)
  );
}

/**
 * Check a JSONL audit log line by line: each line parses, has the entry's shape, carries the
 * next sequence number, points at the previous line's hash, and hashes to what it claims.
 * Editing, deleting, inserting or reordering a line breaks one of those at that line.
 */
export function verifyAuditLog(jsonl: string): AuditVerification {
  // TODO: walk the lines (split on '\n'; drop the empty string after the final newline), with
  // `prevHash = GENESIS_HASH`, and return the FIRST failure as
  //   { ok: false, line, error: `line ${line}: <what>`, entries: <the good entries before it> }
  // where `line` is 1-based. For each line, in this order:
  //   1. JSON.parse fails                     → 'not valid JSON'
  //   2. !isEntryShape(parsed)                → 'not an audit entry (…)'
  //   3. parsed.seq !== line                  → 'sequence number <seq>, expected <line> (…deleted, inserted or moved)'
  //   4. parsed.prevHash !== prevHash         → 'prevHash does not match the hash of line <line - 1>'
  //   5. hashEntry(parsed.prevHash, parsed) !== parsed.hash → 'hash mismatch (the entry was edited)'
  // then push the entry and set prevHash = parsed.hash. All good → { ok: true, entries, head: prevHash }.
  throw new Error(
    `TODO: verifyAuditLog in src/audit/log.ts (${jsonl.length} characters; genesis ${GENESIS_HASH.slice(0, 8)}…, ${typeof isEntryShape})`,
  );
}

/** Options of `AuditLog.open`. */
export interface AuditLogOptions {
  /** Time source for `at`. Default: the system clock. */
  clock?: Clock;
}

/**
 * An append-only, hash-chained audit log. Open it on a sink (file or memory): the existing
 * lines are verified first, and a log that fails verification is refused — never truncated,
 * never "repaired" — so the evidence of tampering survives.
 */
export class AuditLog {
  readonly #sink: AuditSink;
  readonly #clock: Clock;
  readonly #entries: AuditEntry[];
  #head: string;

  private constructor(sink: AuditSink, clock: Clock, entries: AuditEntry[], head: string) {
    this.#sink = sink;
    this.#clock = clock;
    this.#entries = entries;
    this.#head = head;
  }

  /** Open a log, verifying what is already there. Throws `AuditIntegrityError` naming the sink and line. */
  static open(sink: AuditSink, options: AuditLogOptions = {}): AuditLog {
    const verification = verifyAuditLog(sink.read());
    if (!verification.ok) {
      throw new AuditIntegrityError(`${sink.name} ${verification.error}`, verification.line);
    }
    return new AuditLog(sink, options.clock ?? systemClock, [...verification.entries], verification.head);
  }

  /** Entries so far, oldest first (a copy). */
  get entries(): AuditEntry[] {
    return [...this.#entries];
  }

  /** Hash of the last entry (the genesis hash when empty). */
  get head(): string {
    return this.#head;
  }

  /** Append one event: redact PII, chain it to the previous entry, write it as one JSON line. */
  append(event: AuditEvent): AuditEntry {
    const body = {
      seq: this.#entries.length + 1,
      at: new Date(this.#clock.now()).toISOString(),
      event: redactDeep(event),
    };
    const entry: AuditEntry = { ...body, prevHash: this.#head, hash: hashEntry(this.#head, body) };
    // Write first: if the sink fails, memory does not claim an entry the log does not have.
    this.#sink.append(`${JSON.stringify(entry)}\n`);
    this.#entries.push(entry);
    this.#head = entry.hash;
    return entry;
  }
}
