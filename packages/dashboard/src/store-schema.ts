import type { DatabaseSync } from 'node:sqlite';
import { nameKeys } from './names.ts';

/**
 * The database's tables, and the one migration (schema 1 → 2). Schema 2 added `shape_key` (names
 * are compared by their UTS #39 skeletons) and made `submissions.report` nullable (only the newest
 * reports are kept; older submissions keep their time and counts, which is what the trends read).
 */
export const SCHEMA_VERSION = 2;

const PARTICIPANTS = `
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
  submissions INTEGER NOT NULL DEFAULT 0,
  shape_key TEXT
);`;

const SUBMISSIONS = (table: string) => `
CREATE TABLE ${table} (
  id INTEGER PRIMARY KEY,
  participant_id INTEGER NOT NULL REFERENCES participants(id),
  at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  passed INTEGER NOT NULL,
  total INTEGER NOT NULL,
  report TEXT
);`;

const INDEXES = `
CREATE UNIQUE INDEX IF NOT EXISTS participants_by_shape ON participants (shape_key);
CREATE INDEX IF NOT EXISTS submissions_by_participant ON submissions (participant_id, at);
CREATE INDEX IF NOT EXISTS submissions_with_report ON submissions (participant_id, at) WHERE report IS NOT NULL;`;

/** Creates the tables of a new database, or migrates one made by an older dashboard. */
export function prepareSchema(db: DatabaseSync, file: string): void {
  const { user_version: version } = db.prepare('PRAGMA user_version').get() as { user_version: number };
  if (version > SCHEMA_VERSION) {
    throw new Error(
      `${file} was made by a newer dashboard (schema ${version}); update the workshop or use another --db`,
    );
  }
  if (version === SCHEMA_VERSION) return;
  db.exec('BEGIN IMMEDIATE');
  try {
    if (version === 0) {
      db.exec(`${PARTICIPANTS}${SUBMISSIONS('submissions')}${INDEXES}`);
    } else {
      migrateFromVersion1(db);
    }
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}; COMMIT`);
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

function migrateFromVersion1(db: DatabaseSync): void {
  // SQLite cannot drop a NOT NULL constraint in place: copy into a new table.
  db.exec(`${SUBMISSIONS('submissions_v2')}
    INSERT INTO submissions_v2 (id, participant_id, at, received_at, passed, total, report)
      SELECT id, participant_id, at, received_at, passed, total, report FROM submissions;
    DROP TABLE submissions;
    ALTER TABLE submissions_v2 RENAME TO submissions;
    ALTER TABLE participants ADD COLUMN shape_key TEXT;
    UPDATE participants SET name_key = char(0) || id;`);
  const rows = db.prepare('SELECT id, name FROM participants ORDER BY id').all() as { id: number; name: string }[];
  const update = db.prepare('UPDATE participants SET name_key = ?, shape_key = ? WHERE id = ?');
  const taken = new Set<string>();
  for (const row of rows) {
    const { caseKey, shapeKey } = nameKeys(row.name);
    // Two old rows that now count as one name: the first keeps it; the later one keeps its history
    // under keys no lookup produces, so new submissions under that name go to the first.
    const clash = taken.has(`c${caseKey}`) || taken.has(`s${shapeKey}`);
    const suffix = clash ? `\u0000${row.id}` : '';
    taken.add(`c${caseKey}`).add(`s${shapeKey}`);
    update.run(caseKey + suffix, shapeKey + suffix, row.id);
  }
  db.exec(INDEXES);
}
