import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { hashKey, StorageError, SubmissionStore } from '../src/store.ts';
import { newKey, start, submission, submit, tempDir } from './helpers.ts';

describe('a full disk', () => {
  it('answers 503 with a message and Retry-After, and /healthz reports it (was: a generic 500, /healthz ok)', async () => {
    // SQLite refuses to grow past max_page_count with SQLITE_FULL, the very error a full disk gives.
    const { url, store } = await start({
      limits: { maxDatabaseBytes: 96 * 1024 },
      rateLimit: { burst: 500, perMinute: 60 },
    });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const key = newKey();
    const padded = (i: number) => {
      const body = submission('Ana', i % 4);
      for (const checkpoint of body.labs[0]?.checkpoints ?? []) checkpoint.message = `${i} `.repeat(300).slice(0, 1000);
      return body;
    };
    let accepted = 0;
    let refused: Response | undefined;
    for (let i = 0; i < 200 && !refused; i++) {
      const response = await submit(url, padded(i), { key });
      if (response.status === 201) accepted++;
      else refused = response;
    }
    expect(accepted).toBeGreaterThan(0);
    if (!refused) throw new Error('the database never filled up');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect((await refused.json()).error).toBe(
      'the dashboard cannot store submissions: the disk is full (database or disk is full); your report stays queued on your laptop',
    );

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({
      ok: false,
      error: expect.stringMatching(
        /^submissions cannot be stored since \S+: the disk is full \(database or disk is full\)$/,
      ),
    });
    // Every acknowledged submission is stored; the refused one left nothing behind.
    expect(store.countSubmissions()).toBe(accepted);
    expect(store.participants()[0]?.submissions).toBe(accepted);
  });

  it('recovers once a write goes through again', () => {
    const dir = tempDir();
    const file = path.join(dir, 'room.db');
    const small = new SubmissionStore(file, { maxDatabaseBytes: 96 * 1024 });
    const key = newKey();
    const big = submission('Ana', 1);
    for (const checkpoint of big.labs[0]?.checkpoints ?? []) checkpoint.message = 'x'.repeat(1000);
    let failure: unknown;
    for (let i = 0; i < 200 && !failure; i++) {
      try {
        small.record(big, key);
      } catch (error) {
        failure = error;
      }
    }
    expect(failure).toBeInstanceOf(StorageError);
    expect(small.storageFailure()?.message).toMatch(/disk is full/);
    small.close();
    // The instructor frees space (here: a larger cap); the next write clears the alarm.
    const roomy = new SubmissionStore(file, { maxDatabaseBytes: 1024 * 1024 });
    roomy.record(submission('Ana', 2), key);
    expect(roomy.storageFailure()).toBeUndefined();
    roomy.close();
  });
});

describe('retention', () => {
  const store = (limits: ConstructorParameters<typeof SubmissionStore>[1]) =>
    new SubmissionStore(path.join(tempDir(), 'room.db'), limits);

  it('keeps full reports for the newest submissions only, and every history point the trend needs', () => {
    const room = store({ keepReports: 2, maxHistoryPoints: 20 });
    const key = newKey();
    // 100 re-checks: long plateaus, as when someone works on one checkpoint for a while.
    const passedAt = (i: number) => (i < 40 ? 0 : i < 80 ? 1 : i < 95 ? 2 : 3);
    for (let i = 0; i < 100; i++) room.record(submission('Ana', passedAt(i)), key, 1_000_000 + i * 1_000);
    expect(room.countReports()).toBe(2);
    const history = room.history('Ana') ?? [];
    expect(history.length).toBeLessThanOrEqual(20);
    // The step function is intact: every level appears from the moment it was reached.
    const firstAt = (passed: number) => history.find((point) => point.passed === passed)?.at;
    expect([0, 1, 2, 3].map(firstAt)).toEqual([0, 40, 80, 95].map((i) => 1_000_000 + i * 1_000));
    expect(history.at(-1)?.at).toBe(1_000_000 + 99 * 1_000);
    expect(room.participants()[0]).toMatchObject({ passed: 3, submissions: 100 });
    room.close();
  });

  it('bounds the history even when every point changes the count', () => {
    const room = store({ keepReports: 2, maxHistoryPoints: 20 });
    const key = newKey();
    for (let i = 0; i < 100; i++) room.record(submission('Ana', i % 2), key, 1_000_000 + i);
    const history = room.history('Ana') ?? [];
    expect(history.length).toBeLessThanOrEqual(20);
    expect(history.at(-1)?.at).toBe(1_000_000 + 99);
    room.close();
  });
});

describe('a database made by the previous dashboard (schema 1)', () => {
  it('is migrated: history kept, names compared by their skeletons from then on', () => {
    const file = path.join(tempDir(), 'old.db');
    const old = new DatabaseSync(file);
    old.exec(`
      CREATE TABLE participants (id INTEGER PRIMARY KEY, name TEXT NOT NULL, name_key TEXT NOT NULL UNIQUE,
        key_hash TEXT NOT NULL, created_at INTEGER NOT NULL, latest_at INTEGER NOT NULL, latest_report TEXT NOT NULL,
        passed INTEGER NOT NULL, total INTEGER NOT NULL, last_progress_at INTEGER NOT NULL, fail_key TEXT,
        fail_streak INTEGER NOT NULL DEFAULT 0, submissions INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE submissions (id INTEGER PRIMARY KEY, participant_id INTEGER NOT NULL REFERENCES participants(id),
        at INTEGER NOT NULL, received_at INTEGER NOT NULL, passed INTEGER NOT NULL, total INTEGER NOT NULL,
        report TEXT NOT NULL);
      CREATE INDEX submissions_by_participant ON submissions (participant_id, at);
      PRAGMA user_version = 1;`);
    const keys = { alice: newKey(), lookalike: newKey() };
    const report = (name: string) => JSON.stringify(submission(name, 1));
    const addParticipant = old.prepare(
      `INSERT INTO participants (name, name_key, key_hash, created_at, latest_at, latest_report, passed, total,
         last_progress_at, submissions) VALUES (?, ?, ?, 1, 2, ?, 1, 3, 2, 2) RETURNING id`,
    );
    const addSubmission = old.prepare(
      'INSERT INTO submissions (participant_id, at, received_at, passed, total, report) VALUES (?, ?, ?, ?, 3, ?)',
    );
    // Schema 1 compared names by NFKC + lower case only: a Cyrillic look-alike got its own row.
    for (const [name, key] of [
      ['Alice', keys.alice],
      ['\u0410lice', keys.lookalike],
    ] as const) {
      const { id } = addParticipant.get(name, name.normalize('NFKC').toLowerCase(), hashKey(key), report(name)) as {
        id: number;
      };
      addSubmission.run(id, 1, 1, 0, report(name));
      addSubmission.run(id, 2, 2, 1, report(name));
    }
    old.close();

    const room = new SubmissionStore(file);
    expect(room.participants().map((row) => row.name)).toEqual(['Alice', '\u0410lice']);
    expect(room.history('Alice')?.map((point) => point.passed)).toEqual([0, 1]);
    expect(room.countReports()).toBe(4);
    // The first of the two keeps the name; the look-alike's key can no longer write under it.
    expect(room.record(submission('\u0410lice', 3), keys.lookalike)).toEqual({
      ok: false,
      reason: 'name-taken',
      existing: 'Alice',
    });
    expect(room.record(submission('Alice', 3), keys.alice)).toMatchObject({ ok: true, name: 'Alice', passed: 3 });
    room.close();
    const migrated = new DatabaseSync(file, { readOnly: true });
    expect(migrated.prepare('PRAGMA user_version').get()).toEqual({ user_version: 2 });
    migrated.close();
  });

  it('refuses a database made by a newer dashboard with one line', () => {
    const file = path.join(tempDir(), 'newer.db');
    const newer = new DatabaseSync(file);
    newer.exec('PRAGMA user_version = 9');
    newer.close();
    expect(() => new SubmissionStore(file)).toThrow(
      `${file} was made by a newer dashboard (schema 9); update the workshop or use another --db`,
    );
  });
});
