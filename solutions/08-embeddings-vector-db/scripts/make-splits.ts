/**
 * Writes the lab's dev / test splits, deterministically (run it again: the same bytes).
 *
 *   node solutions/08-embeddings-vector-db/scripts/make-splits.ts
 *
 * - `queries.{dev,test}.jsonl`: the labelled help-centre queries of `fixtures/queries.json`, split
 *   50 / 50 within each group (the topic of the first relevant article, or "none" for unanswerable
 *   queries), so both halves hold every topic and unanswerable queries.
 * - `words.txt` and `neighbours.{dev,test}.jsonl`: the collection for the scale decisions — 5,000
 *   GloVe word vectors (the kind of data ann-benchmarks' glove-100-angular holds) — and 150 + 150
 *   query words outside it, each with its exact 10 nearest words by cosine (the ground truth the
 *   representation and ANN measurements compare against).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom, shuffled } from '@workshop/kit';
import { loadGloveTable } from '@workshop/llm';
import { exactNeighbours, wordVectors } from '../src/collection.ts';

const FIXTURES = path.resolve(import.meta.dirname, '..', '..', '..', 'labs', '08-embeddings-vector-db', 'fixtures');
const SEED = 8;
const BASE_SIZE = 5_000;
const QUERIES_PER_SPLIT = 150;
/** Skip the most frequent words (stopwords, punctuation) and keep plain lower-case words. */
const FIRST_ROW = 500;
const WORD = /^[a-z]{3,}$/;

interface Query {
  id: string;
  text: string;
  relevant: string[];
}

const jsonl = (rows: unknown[]) => `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`;

function splitQueries(): void {
  const { queries } = JSON.parse(readFileSync(path.join(FIXTURES, 'queries.json'), 'utf8')) as { queries: Query[] };
  const groups = new Map<string, Query[]>();
  for (const query of queries) {
    const group = query.relevant[0]?.split('-')[0] ?? 'none';
    groups.set(group, [...(groups.get(group) ?? []), query]);
  }
  const random = seededRandom(SEED);
  const dev: Query[] = [];
  const test: Query[] = [];
  for (const group of [...groups.keys()].sort()) {
    shuffled(groups.get(group) ?? [], random).forEach((query, i) => {
      (i % 2 === 0 ? dev : test).push(query);
    });
  }
  const byId = (a: Query, b: Query) => a.id.localeCompare(b.id, 'en', { numeric: true });
  writeFileSync(path.join(FIXTURES, 'queries.dev.jsonl'), jsonl(dev.sort(byId)));
  writeFileSync(path.join(FIXTURES, 'queries.test.jsonl'), jsonl(test.sort(byId)));
  console.log(`queries: ${dev.length} dev, ${test.length} test`);
}

async function splitWords(): Promise<void> {
  const table = await loadGloveTable();
  const words = [...table.index.keys()].filter((word, row) => row >= FIRST_ROW && WORD.test(word));
  const picked = shuffled(words.slice(0, BASE_SIZE + 2 * QUERIES_PER_SPLIT), seededRandom(SEED));
  const queries = picked.slice(0, 2 * QUERIES_PER_SPLIT);
  const base = words.slice(0, BASE_SIZE + 2 * QUERIES_PER_SPLIT).filter((word) => !queries.includes(word));
  writeFileSync(path.join(FIXTURES, 'words.txt'), `${base.join('\n')}\n`);
  const baseVectors = wordVectors(table, base);
  for (const [split, slice] of [
    ['dev', queries.slice(0, QUERIES_PER_SPLIT)],
    ['test', queries.slice(QUERIES_PER_SPLIT)],
  ] as const) {
    const neighbours = exactNeighbours(baseVectors, wordVectors(table, slice), 10);
    const rows = slice.map((word, i) => ({ id: word, neighbours: (neighbours[i] ?? []).map((j) => base[j]) }));
    writeFileSync(path.join(FIXTURES, `neighbours.${split}.jsonl`), jsonl(rows));
  }
  console.log(
    `words: ${base.length} in the collection, ${QUERIES_PER_SPLIT} dev and ${QUERIES_PER_SPLIT} test queries`,
  );
}

splitQueries();
await splitWords();
