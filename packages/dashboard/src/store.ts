import { createHash, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { countPassed, firstFailure } from './progress.ts';
import type { Submission } from './schema.ts';

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
  | { ok: false; reason: 'name-taken' };

const SCHEMA = `
CREATE TABLE IF NOT EXISTS participants (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL UNIQUE,
  key_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  latest_at INTEGER NOT NULL,
  latest_report TEXT NOT NULL,
  passed INTEGER NOT NULL,
  total INTEGER NOT NULL,
  last_progress_at INTEGER NOT NULL,
  fail_key TEXT,
  fail_streak INTEGER NOT NULL DEFAULT 0,
  submissions INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS submissions (
  id INTEGER PRIMARY KEY,
  participant_id INTEGER NOT NULL REFERENCES participants(id),
  at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  passed INTEGER NOT NULL,
  total INTEGER NOT NULL,
  report TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS submissions_by_participant ON submissions (participant_id, at);
PRAGMA user_version = 1;
`;

/** "Ana", "ana" and "ａｎａ" are one participant: nobody can squat a look-alike of someone's name. */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase();
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

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
  readonly #db: DatabaseSync;
  readonly #insert;
  readonly #findParticipant;
  readonly #createParticipant;
  readonly #updateLatest;
  readonly #countSubmission;
  /** Every participant's latest state, by name key: the page reads it often, SQLite is the truth. */
  #latest: Map<string, ParticipantRow> | undefined;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.#db = new DatabaseSync(file, { timeout: 5_000 });
    this.#db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;');
    this.#db.exec(SCHEMA);
    this.#findParticipant = this.#db.prepare(
      `SELECT id, name, key_hash, latest_at, passed, last_progress_at, fail_key, fail_streak, submissions
       FROM participants WHERE name_key = ?`,
    );
    this.#createParticipant = this.#db.prepare(
      `INSERT INTO participants (name, name_key, key_hash, created_at, latest_at, latest_report, passed, total,
         last_progress_at, fail_key, fail_streak, submissions)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`,
    );
    this.#updateLatest = this.#db.prepare(
      `UPDATE participants SET latest_at = ?, latest_report = ?, passed = ?, total = ?, last_progress_at = ?,
         fail_key = ?, fail_streak = ?, submissions = submissions + 1 WHERE id = ?`,
    );
    this.#countSubmission = this.#db.prepare('UPDATE participants SET submissions = submissions + 1 WHERE id = ?');
    this.#insert = this.#db.prepare(
      'INSERT INTO submissions (participant_id, at, received_at, passed, total, report) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
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
   */
  recordBatch(items: { submission: Submission; key: string; receivedAt?: number }[]): RecordResult[] {
    const latest = this.#latestRows();
    const updates = new Map<string, ParticipantRow>();
    const results: RecordResult[] = [];
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      for (const item of items)
        results.push(this.#recordOne(item.submission, item.key, item.receivedAt ?? Date.now(), updates));
      this.#db.exec('COMMIT');
    } catch (error) {
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
      throw error;
    }
    // Only after the commit: the cache never shows what the database might not have.
    for (const [key, row] of updates) latest.set(key, row);
    return results;
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
    const nk = nameKey(name);

    const row = this.#findParticipant.get(nk) as
      | {
          id: number;
          name: string;
          key_hash: string;
          latest_at: number;
          passed: number;
          last_progress_at: number;
          fail_key: string | null;
          fail_streak: number;
          submissions: number;
        }
      | undefined;
    let participantId: number;
    let displayName = name;
    if (!row) {
      const created = this.#createParticipant.get(
        name,
        nk,
        keyHash,
        receivedAt,
        at,
        report,
        passed,
        total,
        at,
        failKey,
        failKey ? 1 : 0,
      ) as {
        id: number;
      };
      participantId = created.id;
      updates.set(nk, {
        name,
        latestAt: at,
        latest: submission,
        passed,
        total,
        lastProgressAt: at,
        failKey,
        failStreak: failKey ? 1 : 0,
        submissions: 1,
      });
    } else {
      if (!sameHash(row.key_hash, keyHash)) return { ok: false, reason: 'name-taken' };
      participantId = row.id;
      displayName = row.name;
      if (at >= row.latest_at) {
        const streak = failKey && failKey === row.fail_key ? row.fail_streak + 1 : failKey ? 1 : 0;
        const progressAt = passed > row.passed ? at : row.last_progress_at;
        this.#updateLatest.run(at, report, passed, total, progressAt, failKey, streak, participantId);
        updates.set(nk, {
          name: row.name,
          latestAt: at,
          latest: submission,
          passed,
          total,
          lastProgressAt: progressAt,
          failKey,
          failStreak: streak,
          submissions: row.submissions + 1,
        });
      } else {
        // A queued report that arrives after a newer one: history only, the latest stays.
        this.#countSubmission.run(participantId);
        const cached = updates.get(nk) ?? this.#latest?.get(nk);
        if (cached) updates.set(nk, { ...cached, submissions: row.submissions + 1 });
      }
    }
    const inserted = this.#insert.get(participantId, at, receivedAt, passed, total, report) as { id: number };
    return { ok: true, id: inserted.id, name: displayName, passed, total, at };
  }

  /** Every participant's latest state, ordered by name. */
  participants(): ParticipantRow[] {
    return [...this.#latestRows().entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
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

  /** A participant's passed count over time, oldest first; `undefined` for an unknown name. */
  history(name: string): HistoryPoint[] | undefined {
    const participant = this.#findParticipant.get(nameKey(name)) as { id: number } | undefined;
    if (!participant) return undefined;
    return this.#db
      .prepare('SELECT at, passed, total FROM submissions WHERE participant_id = ? ORDER BY at, id')
      .all(participant.id) as unknown as HistoryPoint[];
  }

  /** How many submissions are stored (all participants, all time). */
  countSubmissions(): number {
    return (this.#db.prepare('SELECT count(*) AS n FROM submissions').get() as { n: number }).n;
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
