import { canonicalJson, sha256Hex } from '@workshop/kit';
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
  return sha256Hex(prevHash + canonicalJson({ seq: entry.seq, at: entry.at, event: entry.event }));
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
  const lines = jsonl.split('\n');
  // The file ends with a newline after the last entry: that last "line" is empty, not an entry.
  if (lines.at(-1) === '') lines.pop();
  const entries: AuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (const [index, text] of lines.entries()) {
    const line = index + 1;
    const fail = (error: string): AuditVerification => ({ ok: false, line, error: `line ${line}: ${error}`, entries });
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return fail('not valid JSON');
    }
    if (!isEntryShape(parsed)) return fail('not an audit entry (needs seq, at, event.type, prevHash, hash)');
    if (parsed.seq !== line) {
      return fail(`sequence number ${parsed.seq}, expected ${line} (a line was deleted, inserted or moved)`);
    }
    if (parsed.prevHash !== prevHash) {
      return fail(
        line === 1
          ? 'prevHash is not the genesis hash'
          : `prevHash does not match the hash of line ${line - 1} (a line was deleted, inserted or moved)`,
      );
    }
    if (hashEntry(parsed.prevHash, parsed) !== parsed.hash) return fail('hash mismatch (the entry was edited)');
    entries.push(parsed);
    prevHash = parsed.hash;
  }
  return { ok: true, entries, head: prevHash };
}

/** Options of `AuditLog.open`. */
export interface AuditLogOptions {
  /** Wall-clock time in ms since the epoch, for `at`. Default: `Date.now`. */
  now?: () => number;
}

/**
 * An append-only, hash-chained audit log. Open it on a sink (file or memory): the existing
 * lines are verified first, and a log that fails verification is refused — never truncated,
 * never "repaired" — so the evidence of tampering survives.
 */
export class AuditLog {
  readonly #sink: AuditSink;
  readonly #now: () => number;
  readonly #entries: AuditEntry[];
  #head: string;

  private constructor(sink: AuditSink, now: () => number, entries: AuditEntry[], head: string) {
    this.#sink = sink;
    this.#now = now;
    this.#entries = entries;
    this.#head = head;
  }

  /** Open a log, verifying what is already there. Throws `AuditIntegrityError` naming the sink and line. */
  static open(sink: AuditSink, options: AuditLogOptions = {}): AuditLog {
    const verification = verifyAuditLog(sink.read());
    if (!verification.ok) {
      throw new AuditIntegrityError(`${sink.name} ${verification.error}`, verification.line);
    }
    return new AuditLog(sink, options.now ?? Date.now, [...verification.entries], verification.head);
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
      at: new Date(this.#now()).toISOString(),
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
