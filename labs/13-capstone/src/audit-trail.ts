/**
 * The audit trail: 10's hash-chained, PII-redacted entries, written so that a long-running service
 * neither reads its whole history at startup nor keeps it in memory.
 *
 * - `AuditFile` appends each entry to an open file descriptor (O_APPEND) and keeps a checkpoint
 *   next to it (`<file>.head`: byte size, sequence number and hash of the last verified entry),
 *   rewritten atomically every `checkpointEvery` entries and on close.
 * - Opening verifies incrementally: only the lines after the checkpoint, chained from its hash; a
 *   file shorter than its checkpoint, a line that does not chain, or a torn last line refuses to
 *   open (the evidence is kept, never repaired). Without a checkpoint (a first start, or a file
 *   from before checkpoints) the whole file is verified once, streamed in 1 MB chunks.
 * - In memory only the head (sequence number and hash) is kept.
 *
 * Startup is then O(lines since the last checkpoint), not O(history). A full check of the history
 * is an offline job: `verifyAuditFile(path)` streams the file with bounded memory. Anchor the head
 * somewhere else (a ticket, another store) to detect a rewrite of the whole file.
 *
 * Each entry also records the request's trace id, so an incident review goes from the audit line
 * to the trace and back.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import {
  type AuditEntry,
  type AuditEvent,
  AuditIntegrityError,
  type AuditSink,
  GENESIS_HASH,
  hashEntry,
  redactDeep,
  verifyAuditLog,
} from '@workshop-solutions/10-agents';

/** An audit event plus the trace it belongs to. */
export type TracedAuditEvent = AuditEvent & { traceId?: string };

/** Where the chain stands: the last entry's sequence number and hash. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** Appends audit events to a hash chain. */
export interface AuditTrail {
  /** Redact, chain and write one event. */
  append(event: AuditEvent, traceId?: string): void;
  /** The last entry's sequence number and hash. */
  readonly head: ChainHead;
  /** Write the checkpoint and release the file. */
  close(): void;
}

/** Options of `openAuditTrail`. */
export interface AuditTrailOptions {
  /** Wall clock in ms since the epoch (the entries' `at`). */
  now: () => number;
}

/** Open a trail on `sink`: a file incrementally (see above), any other sink by verifying what it holds. */
export function openAuditTrail(sink: AuditSink | AuditFile, options: AuditTrailOptions): AuditTrail {
  if (sink instanceof AuditFile) {
    sink.open();
    return new ChainedTrail(sink, sink.head, options.now);
  }
  const verification = verifyAuditLog(sink.read());
  if (!verification.ok) throw new AuditIntegrityError(`${sink.name} ${verification.error}`, verification.line);
  return new ChainedTrail(sink, { seq: verification.entries.length, hash: verification.head }, options.now);
}

class ChainedTrail implements AuditTrail {
  readonly #sink: AuditSink;
  readonly #now: () => number;
  #head: ChainHead;

  constructor(sink: AuditSink, head: ChainHead, now: () => number) {
    this.#sink = sink;
    this.#head = head;
    this.#now = now;
  }

  get head(): ChainHead {
    return this.#head;
  }

  append(event: AuditEvent, traceId?: string): void {
    // The trace id is ours, not user data: added after redaction (a hex id can look like a number).
    const redacted: TracedAuditEvent = traceId ? { ...redactDeep(event), traceId } : redactDeep(event);
    const body = { seq: this.#head.seq + 1, at: new Date(this.#now()).toISOString(), event: redacted };
    const entry: AuditEntry = { ...body, prevHash: this.#head.hash, hash: hashEntry(this.#head.hash, body) };
    const line = `${JSON.stringify(entry)}\n`;
    const head = { seq: entry.seq, hash: entry.hash };
    // Write first: if the sink fails, the head does not claim an entry the log does not have.
    if (this.#sink instanceof AuditFile) this.#sink.append(line, head);
    else this.#sink.append(line);
    this.#head = head;
  }

  close(): void {
    if (this.#sink instanceof AuditFile) this.#sink.close();
  }
}

/** What `<file>.head` holds. */
interface Checkpoint extends ChainHead {
  /** Bytes of the file covered by the checkpoint. */
  size: number;
}

/** A JSONL audit file with an incremental-verification checkpoint. */
export class AuditFile implements AuditSink {
  readonly name: string;
  readonly #path: string;
  readonly #checkpointPath: string;
  readonly #checkpointEvery: number;
  #fd: number | undefined;
  #head: ChainHead = { seq: 0, hash: GENESIS_HASH };
  #size = 0;
  #sinceCheckpoint = 0;

  constructor(path: string, options: { checkpointEvery?: number } = {}) {
    this.#path = path;
    this.#checkpointPath = `${path}.head`;
    this.#checkpointEvery = options.checkpointEvery ?? 1_000;
    this.name = path;
  }

  /** The head found when the file was opened (then kept by the trail). */
  get head(): ChainHead {
    return this.#head;
  }

  /** Open for appending, verifying what was written since the checkpoint. Throws `AuditIntegrityError`. */
  open(): void {
    if (this.#fd !== undefined) return;
    const fd = openSync(this.#path, 'a+');
    try {
      const size = fstatSync(fd).size;
      const checkpoint = this.#readCheckpoint();
      if (checkpoint && size < checkpoint.size) {
        throw new AuditIntegrityError(
          `${this.#path}: the file has ${size} bytes, fewer than the ${checkpoint.size} its checkpoint covers (truncated)`,
          checkpoint.seq,
        );
      }
      const from = checkpoint ?? { size: 0, seq: 0, hash: GENESIS_HASH };
      this.#head = verifyRange(fd, this.#path, from.size, size, from);
      this.#size = size;
    } catch (error) {
      closeSync(fd);
      throw error;
    }
    this.#fd = fd;
    this.#writeCheckpoint();
  }

  read(): string {
    try {
      return readFileSync(this.#path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw error;
    }
  }

  /** Append complete lines; `head` is the chain's head after them (the trail knows it). */
  append(text: string, head?: ChainHead): void {
    if (this.#fd === undefined) this.open();
    const bytes = Buffer.from(text, 'utf8');
    writeSync(this.#fd as number, bytes);
    this.#size += bytes.length;
    if (head) this.#head = head;
    this.#sinceCheckpoint += 1;
    if (this.#sinceCheckpoint >= this.#checkpointEvery) this.#writeCheckpoint();
  }

  /** Write the checkpoint and close the file. */
  close(): void {
    if (this.#fd === undefined) return;
    this.#writeCheckpoint();
    closeSync(this.#fd);
    this.#fd = undefined;
  }

  #readCheckpoint(): Checkpoint | undefined {
    let text: string;
    try {
      text = readFileSync(this.#checkpointPath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const parsed = JSON.parse(text) as Partial<Checkpoint>;
    if (!Number.isInteger(parsed.size) || !Number.isInteger(parsed.seq) || typeof parsed.hash !== 'string') {
      throw new AuditIntegrityError(`${this.#checkpointPath}: not a checkpoint (needs size, seq, hash)`, 0);
    }
    return parsed as Checkpoint;
  }

  #writeCheckpoint(): void {
    const checkpoint: Checkpoint = { size: this.#size, ...this.#head };
    const temporary = `${this.#checkpointPath}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(checkpoint)}\n`);
    renameSync(temporary, this.#checkpointPath); // atomic: a crash leaves the old or the new checkpoint
    this.#sinceCheckpoint = 0;
  }
}

/**
 * Verify the lines of `fd` between byte `from` and `to`, chained from `start`; returns the last
 * head. Streams 1 MB at a time, so memory stays flat whatever the file's size.
 */
function verifyRange(fd: number, path: string, from: number, to: number, start: ChainHead): ChainHead {
  const buffer = Buffer.alloc(1 << 20);
  const decoder = new StringDecoder('utf8');
  let head = start;
  let position = from;
  let rest = '';
  const check = (line: string) => {
    const seq = head.seq + 1;
    const fail = (why: string) => new AuditIntegrityError(`${path} line ${seq}: ${why}`, seq);
    let entry: AuditEntry;
    try {
      entry = JSON.parse(line) as AuditEntry;
    } catch {
      throw fail('not valid JSON');
    }
    if (entry.seq !== seq)
      throw fail(`sequence number ${entry.seq}, expected ${seq} (a line was deleted, inserted or moved)`);
    if (entry.prevHash !== head.hash)
      throw fail('prevHash does not match the previous entry (a line was deleted, inserted or moved)');
    if (hashEntry(entry.prevHash, entry) !== entry.hash) throw fail('hash mismatch (the entry was edited)');
    head = { seq, hash: entry.hash };
  };
  while (position < to) {
    const read = readSync(fd, buffer, 0, Math.min(buffer.length, to - position), position);
    if (read === 0) break;
    position += read;
    const lines = (rest + decoder.write(buffer.subarray(0, read))).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) check(line);
  }
  rest += decoder.end();
  if (rest !== '') {
    throw new AuditIntegrityError(`${path} line ${head.seq + 1}: incomplete (the last write was torn)`, head.seq + 1);
  }
  return head;
}

/** Verify a whole audit file with bounded memory (the offline check). Throws `AuditIntegrityError`. */
export function verifyAuditFile(path: string): ChainHead {
  const fd = openSync(path, 'r');
  try {
    return verifyRange(fd, path, 0, fstatSync(fd).size, { seq: 0, hash: GENESIS_HASH });
  } finally {
    closeSync(fd);
  }
}
