import { createHash, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { nameKeys } from './names.ts';
import { countPassed, firstFailure } from './progress.ts';
import type { Submission } from './schema.ts';
import { prepareSchema } from './store-schema.ts';

/** The latest state of one participant, kept up to date on every submission so reads stay cheap. */
export interface ParticipantRow {
  /** The name as first submitted (display form). */
  name: string;
  /** When the latest submission was made (ms since epoch). */
  latestAt: number;
  /** The latest submission, as validated. */
  latest: Submission;
  /** Checkpoints passed / counted in the latest submission. */
  passed: number;
  total: number;
  /** When the passed count last went up (or the first submission): "no progress for N minutes" starts here. */
  lastProgressAt: number;
  /** The first failing checkpoint (`<lab> <checkpoint>`) in the latest submission, or null. */
  failKey: string | null;
  /** How many submissions in a row had that same first failing checkpoint. */
  failStreak: number;
  /** How many submissions this participant has made. */
  submissions: number;
}

/** One point of a participant's history. */
export interface HistoryPoint {
  /** When the submission was made (ms since epoch; never later than when it was received). */
  at: number;
  passed: number;
  total: number;
}

export type RecordResult =
  | { ok: true; id: number; name: string; passed: number; total: number; at: number }
  /** The name, or one that looks like it (`existing`), is bound to another participant's key. */
  | { ok: false; reason: 'name-taken'; existing: string }
  /** A new participant, and the room already has `limit`. */
  | { ok: false; reason: 'room-full'; limit: number };

/** What a room may grow to. Everything a participant can make grow has a bound. */
export interface StoreLimits {
  /** Participants in the room; a new name beyond this is refused. */
  maxParticipants: number;
  /** Full reports kept per participant (the newest); older submissions keep time and counts only. */
  keepReports: number;
  /** History points kept per participant; beyond it, points that repeat the previous one go first. */
  maxHistoryPoints: number;
  /** Largest database file; a write beyond it fails as on a full disk (`PRAGMA max_page_count`). */
  maxDatabaseBytes: number;
}

export const DEFAULT_LIMITS: StoreLimits = {
  maxParticipants: 300,
  keepReports: 5,
  maxHistoryPoints: 2_000,
  maxDatabaseBytes: 512 * 1024 * 1024,
};

/** History is trimmed when a participant's submission count reaches a multiple of this (cheap to check). */
const PRUNE_EVERY = 50;

/** SQLite result codes (the low byte of an extended code) that mean "the disk will not take this write". */
const STORAGE_FAILURES: Record<number, string> = {
  8: 'the database is read-only',
  10: 'the disk could not be written',
  13: 'the disk is full',
};

/** A write the disk refused: the server answers 503 and `/healthz` reports it until a write succeeds. */
export class StorageError extends Error {
  override readonly name = 'StorageError';
}

function asStorageError(error: unknown): StorageError | undefined {
  const code = (error as { errcode?: unknown }).errcode;
  if (typeof code !== 'number') return undefined;
  const what = STORAGE_FAILURES[code & 0xff];
  if (!what) return undefined;
  const detail = (error as { errstr?: string }).errstr ?? (error as Error).message;
  return new StorageError(`${what} (${detail})`, { cause: error });
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

interface StoredParticipant {
  id: number;
  name: string;
  name_key: string;
  key_hash: string;
  latest_at: number;
  passed: number;
  last_progress_at: number;
  fail_key: string | null;
  fail_streak: number;
  submissions: number;
}

const byName = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/**
 * Every submission, kept with its time, in SQLite through Node's built-in `node:sqlite`.
 *
 * Durability: WAL mode with `synchronous=FULL`. Each submission is committed (and the WAL fsynced)
 * before `record()` returns, and the server answers 2xx only after that — so an acknowledged
 * submission survives a `kill -9` and also a power cut or kernel panic. (`NORMAL` in WAL mode
 * would survive `kill -9` too, but may lose the last commits on power loss; one fsync per
 * submission costs about a millisecond and the room sends ~20 per second, so FULL is affordable.)
 */
export class SubmissionStore {
  readonly limits: StoreLimits;
  readonly #db: DatabaseSync;
  readonly #insert;
  readonly #findParticipant;
  readonly #createParticipant;
  readonly #updateLatest;
  readonly #countSubmission;
  readonly #dropOldReports;
  readonly #countParticipants;
  /** Every participant's latest state, by name key: the page reads it often, SQLite is the truth. */
  #latest: Map<string, ParticipantRow> | undefined;
  /** Why the last write failed, while the disk refuses writes. */
  #storageFailure: { message: string; since: number } | undefined;

  constructor(file: string, limits: Partial<StoreLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.#db = new DatabaseSync(file, { timeout: 5_000 });
    try {
      this.#db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;');
      const { page_size: pageSize } = this.#db.prepare('PRAGMA page_size').get() as { page_size: number };
      this.#db.exec(`PRAGMA max_page_count = ${Math.max(16, Math.floor(this.limits.maxDatabaseBytes / pageSize))}`);
      prepareSchema(this.#db, file);
    } catch (error) {
      this.#db.close();
      throw error;
    }
    this.#findParticipant = this.#db.prepare(
      `SELECT id, name, name_key, key_hash, latest_at, passed, last_progress_at, fail_key, fail_streak, submissions
       FROM participants WHERE name_key = ?1 OR shape_key = ?2 ORDER BY name_key = ?1 DESC, id LIMIT 1`,
    );
    this.#createParticipant = this.#db.prepare(
      `INSERT INTO participants (name, name_key, shape_key, key_hash, created_at, latest_at, latest_report, passed,
         total, last_progress_at, fail_key, fail_streak, submissions)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`,
    );
    this.#updateLatest = this.#db.prepare(
      `UPDATE participants SET latest_at = ?, latest_report = ?, passed = ?, total = ?, last_progress_at = ?,
         fail_key = ?, fail_streak = ?, submissions = submissions + 1 WHERE id = ?`,
    );
    this.#countSubmission = this.#db.prepare('UPDATE participants SET submissions = submissions + 1 WHERE id = ?');
    this.#insert = this.#db.prepare(
      'INSERT INTO submissions (participant_id, at, received_at, passed, total, report) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
    );
    this.#countParticipants = this.#db.prepare('SELECT count(*) AS n FROM participants');
    // Uses the partial index: only the few rows that still hold a report are visited.
    this.#dropOldReports = this.#db.prepare(
      `UPDATE submissions SET report = NULL WHERE participant_id = ?1 AND report IS NOT NULL AND id NOT IN
         (SELECT id FROM submissions WHERE participant_id = ?1 AND report IS NOT NULL ORDER BY at DESC, id DESC LIMIT ?2)`,
    );
  }

  /**
   * Stores a submission under the participant's name, committed before this returns. The first
   * submission under a name binds it to `key`; a different key later gets `name-taken` and
   * nothing is written for it.
   */
  record(submission: Submission, key: string, receivedAt = Date.now()): RecordResult {
    return this.recordBatch([{ submission, key, receivedAt }])[0] as RecordResult;
  }

  /**
   * Group commit: stores several submissions in ONE transaction (one fsync), in order, and returns
   * a result per submission. The server answers none of them before this returns, so batching
   * keeps the guarantee while the fsync cost is shared when many participants save at once.
   * Throws `StorageError` when the disk refuses the write (nothing of the batch is stored).
   */
  recordBatch(items: { submission: Submission; key: string; receivedAt?: number }[]): RecordResult[] {
    const latest = this.#latestRows();
    const updates = new Map<string, ParticipantRow>();
    const results: RecordResult[] = [];
    try {
      this.#db.exec('BEGIN IMMEDIATE');
      for (const item of items)
        results.push(this.#recordOne(item.submission, item.key, item.receivedAt ?? Date.now(), updates));
      this.#db.exec('COMMIT');
    } catch (error) {
      // SQLite rolls back by itself on some errors (a full disk among them).
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
      const storage = asStorageError(error);
      if (storage) this.#storageFailure ??= { message: storage.message, since: Date.now() };
      throw storage ?? error;
    }
    this.#storageFailure = undefined;
    // Only after the commit: the cache never shows what the database might not have.
    for (const [key, row] of updates) latest.set(key, row);
    return results;
  }

  /** Why writes fail right now (a full disk), or undefined when the last write went through. */
  storageFailure(): { message: string; since: number } | undefined {
    return this.#storageFailure;
  }

  #recordOne(
    submission: Submission,
    key: string,
    receivedAt: number,
    updates: Map<string, ParticipantRow>,
  ): RecordResult {
    const made = Date.parse(submission.generatedAt);
    // A participant's clock may run ahead; history never claims a time after the server saw it.
    const at = Math.min(Number.isFinite(made) ? made : receivedAt, receivedAt);
    const report = JSON.stringify(submission);
    const { passed, total } = countPassed(submission);
    const failKey = firstFailure(submission);
    const keyHash = hashKey(key);
    const name = submission.participant.name;
    const { caseKey, shapeKey } = nameKeys(name);

    const row = this.#findParticipant.get(caseKey, shapeKey) as StoredParticipant | undefined;
    let participantId: number;
    let displayName = name;
    let submissions = 1;
    if (!row) {
      // Inside the transaction, so participants created earlier in this batch count too; only new names pay for it.
      const { n: count } = this.#countParticipants.get() as { n: number };
      if (count >= this.limits.maxParticipants)
        return { ok: false, reason: 'room-full', limit: this.limits.maxParticipants };
      const streak = failKey ? 1 : 0;
      const created = this.#createParticipant.get(
        name,
        caseKey,
        shapeKey,
        keyHash,
        receivedAt,
        at,
        report,
        passed,
        total,
        at,
        failKey,
        streak,
      ) as { id: number };
      participantId = created.id;
      updates.set(caseKey, {
        name,
        latestAt: at,
        latest: submission,
        passed,
        total,
        lastProgressAt: at,
        failKey,
        failStreak: streak,
        submissions: 1,
      });
    } else {
      if (!sameHash(row.key_hash, keyHash)) return { ok: false, reason: 'name-taken', existing: row.name };
      participantId = row.id;
      displayName = row.name;
      submissions = row.submissions + 1;
      if (at >= row.latest_at) {
        const streak = failKey && failKey === row.fail_key ? row.fail_streak + 1 : failKey ? 1 : 0;
        const progressAt = passed > row.passed ? at : row.last_progress_at;
        this.#updateLatest.run(at, report, passed, total, progressAt, failKey, streak, participantId);
        updates.set(row.name_key, {
          name: row.name,
          latestAt: at,
          latest: submission,
          passed,
          total,
          lastProgressAt: progressAt,
          failKey,
          failStreak: streak,
          submissions,
        });
      } else {
        // A queued report that arrives after a newer one: history only, the latest stays.
        this.#countSubmission.run(participantId);
        const cached = updates.get(row.name_key) ?? this.#latest?.get(row.name_key);
        if (cached) updates.set(row.name_key, { ...cached, submissions });
      }
    }
    const inserted = this.#insert.get(participantId, at, receivedAt, passed, total, report) as { id: number };
    this.#dropOldReports.run(participantId, this.limits.keepReports);
    if (submissions % PRUNE_EVERY === 0) this.#prunePoints(participantId);
    return { ok: true, id: inserted.id, name: displayName, passed, total, at };
  }

  /**
   * Keeps at most `maxHistoryPoints` per participant. The trend is a step function of the passed
   * count, so a point equal to the one before it adds nothing: those go first (oldest first, never
   * the newest ones that hold reports). Only a participant whose count keeps changing loses the
   * oldest points.
   */
  #prunePoints(participantId: number): void {
    const { n } = this.#db
      .prepare('SELECT count(*) AS n FROM submissions WHERE participant_id = ?')
      .get(participantId) as {
      n: number;
    };
    let excess = n - this.limits.maxHistoryPoints;
    if (excess <= 0) return;
    const repeated = this.#db
      .prepare(
        `DELETE FROM submissions WHERE id IN (
           SELECT id FROM (
             SELECT id, at, passed, total, lag(passed) OVER w AS prev_passed, lag(total) OVER w AS prev_total,
                    row_number() OVER (ORDER BY at DESC, id DESC) AS recency
             FROM submissions WHERE participant_id = ?1 WINDOW w AS (ORDER BY at, id))
           WHERE passed = prev_passed AND total = prev_total AND recency > ?2 ORDER BY at, id LIMIT ?3)`,
      )
      .run(participantId, this.limits.keepReports, excess);
    excess -= Number(repeated.changes);
    if (excess <= 0) return;
    this.#db
      .prepare(
        'DELETE FROM submissions WHERE id IN (SELECT id FROM submissions WHERE participant_id = ? ORDER BY at, id LIMIT ?)',
      )
      .run(participantId, excess);
  }

  /** Every participant's latest state, ordered by name. */
  participants(): ParticipantRow[] {
    return [...this.#latestRows().values()].sort((a, b) => byName.compare(a.name, b.name));
  }

  /** How many participants the room has. */
  participantCount(): number {
    return this.#latestRows().size;
  }

  #latestRows(): Map<string, ParticipantRow> {
    if (this.#latest) return this.#latest;
    const rows = this.#db
      .prepare(
        `SELECT name, name_key, latest_at, latest_report, passed, total, last_progress_at, fail_key, fail_streak, submissions
         FROM participants`,
      )
      .all() as {
      name: string;
      name_key: string;
      latest_at: number;
      latest_report: string;
      passed: number;
      total: number;
      last_progress_at: number;
      fail_key: string | null;
      fail_streak: number;
      submissions: number;
    }[];
    this.#latest = new Map(
      rows.map((row) => [
        row.name_key,
        {
          name: row.name,
          latestAt: row.latest_at,
          latest: JSON.parse(row.latest_report) as Submission,
          passed: row.passed,
          total: row.total,
          lastProgressAt: row.last_progress_at,
          failKey: row.fail_key,
          failStreak: row.fail_streak,
          submissions: row.submissions,
        },
      ]),
    );
    return this.#latest;
  }

  /** A participant's passed count over time, oldest first; `undefined` for an unknown name (look-alikes count). */
  history(name: string): HistoryPoint[] | undefined {
    const { caseKey, shapeKey } = nameKeys(name);
    const participant = this.#findParticipant.get(caseKey, shapeKey) as { id: number } | undefined;
    if (!participant) return undefined;
    return this.#db
      .prepare('SELECT at, passed, total FROM submissions WHERE participant_id = ? ORDER BY at, id')
      .all(participant.id) as unknown as HistoryPoint[];
  }

  /** How many submissions are stored (all participants, all time, after retention). */
  countSubmissions(): number {
    return (this.#db.prepare('SELECT count(*) AS n FROM submissions').get() as { n: number }).n;
  }

  /** How many stored submissions still hold their full report. */
  countReports(): number {
    return (this.#db.prepare('SELECT count(*) AS n FROM submissions WHERE report IS NOT NULL').get() as { n: number })
      .n;
  }

  /** The journal mode and synchronous level in force, for the start-up banner and the tests. */
  durability(): { journalMode: string; synchronous: number } {
    const journal = this.#db.prepare('PRAGMA journal_mode').get() as { journal_mode: string };
    const sync = this.#db.prepare('PRAGMA synchronous').get() as { synchronous: number };
    return { journalMode: journal.journal_mode, synchronous: sync.synchronous };
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}
