/**
 * Splits the lab's labelled sets into dev (calibrate) and test (judged), reproducibly:
 *
 *   node labs/09-rag/scripts/split-datasets.ts                    # rewrite both splits (no change)
 *   node labs/09-rag/scripts/split-datasets.ts questions.new.jsonl  # deal new rows into the splits
 *
 * Questions are grouped by their first gold section, so two wordings of one fact never sit in
 * both splits (a threshold tuned on one would be judged on its twin). Groups are stratified by
 * kind (unanswerable, paraphrase, exact term, direct) and dealt in the order of a hash of their
 * key, each to the split with fewer groups of its kind: nobody chose which row lands where.
 * Attacks are stratified by kind. Stable: a group already in a split stays there, so adding
 * rows never moves a row that was calibrated on (dev) or judged on (test).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures');

interface Row {
  id: string;
  kind: string;
  gold?: { source: string; section: string }[];
}

const read = (file: string): Row[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Row);

const hash = (key: string) => createHash('sha256').update(`09-rag/${key}`).digest('hex');

function split(
  rows: Row[],
  placed: Map<string, 'dev' | 'test'>,
  groupOf: (row: Row) => string,
  bucketOf: (group: Row[]) => string,
) {
  const groups = new Map<string, Row[]>();
  for (const row of rows) groups.set(groupOf(row), [...(groups.get(groupOf(row)) ?? []), row]);
  const buckets = new Map<string, string[]>();
  for (const [key, group] of groups) buckets.set(bucketOf(group), [...(buckets.get(bucketOf(group)) ?? []), key]);
  const dev: Row[] = [];
  const test: Row[] = [];
  for (const bucket of [...buckets.keys()].sort()) {
    const keys = (buckets.get(bucket) ?? []).sort((a, b) => (hash(a) < hash(b) ? -1 : 1));
    const count = { dev: 0, test: 0 };
    const sides = new Map<string, 'dev' | 'test'>();
    for (const key of keys) {
      const rowsOfGroup = groups.get(key) ?? [];
      const side = rowsOfGroup.map((row) => placed.get(row.id)).find((s) => s !== undefined);
      if (side) sides.set(key, side);
      if (side) count[side]++;
    }
    for (const key of keys) {
      let side = sides.get(key);
      if (!side) {
        side = count.dev <= count.test ? 'dev' : 'test';
        count[side]++;
      }
      (side === 'dev' ? dev : test).push(...(groups.get(key) ?? []));
    }
  }
  const byId = (a: Row, b: Row) => a.id.localeCompare(b.id, 'en', { numeric: true });
  return { dev: dev.sort(byId), test: test.sort(byId) };
}

function write(name: string, parts: { dev: Row[]; test: Row[] }): void {
  for (const [splitName, rows] of Object.entries(parts)) {
    const file = path.join(FIXTURES, `${name}.${splitName}.jsonl`);
    writeFileSync(file, `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`);
    const kinds = new Map<string, number>();
    for (const row of rows) kinds.set(row.kind, (kinds.get(row.kind) ?? 0) + 1);
    console.log(
      `${path.relative(process.cwd(), file)}: ${rows.length} rows (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')})`,
    );
  }
}

/** The rows of the current split files (and of a new list given on the command line), and where each row is now. */
function source(name: string): { rows: Row[]; placed: Map<string, 'dev' | 'test'> } {
  const placed = new Map<string, 'dev' | 'test'>();
  const rows: Row[] = [];
  for (const side of ['dev', 'test'] as const) {
    const file = path.join(FIXTURES, `${name}.${side}.jsonl`);
    if (!existsSync(file)) continue;
    for (const row of read(file)) {
      placed.set(row.id, side);
      rows.push(row);
    }
  }
  const extra = process.argv.slice(2).find((arg) => path.basename(arg).startsWith(name));
  for (const row of extra ? read(extra) : []) if (!placed.has(row.id)) rows.push(row);
  return { rows, placed };
}

try {
  const questions = source('questions');
  const attacks = source('attacks');
  write(
    'questions',
    split(
      questions.rows,
      questions.placed,
      (row) => (row.gold?.[0] ? `${row.gold[0].source}#${row.gold[0].section}` : row.id),
      (group) => ['unanswerable', 'paraphrase', 'exact', 'direct'].find((k) => group.some((r) => r.kind === k)) ?? '',
    ),
  );
  write(
    'attacks',
    split(
      attacks.rows,
      attacks.placed,
      (row) => row.id,
      (group) => group[0]?.kind ?? '',
    ),
  );
} catch (error) {
  console.error(`split-datasets: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
