/**
 * The collection for the scale decisions (DoD-2 and DoD-3): 5,000 GloVe word vectors of the same
 * 100-d space as the `glove` embedding model (`fixtures/words.txt`), and query words outside it,
 * each labelled with its exact 10 nearest words (`fixtures/neighbours.{dev,test}.jsonl`). It is the
 * kind of data ann-benchmarks' glove-100-angular holds. Given code: the same file in the starter and
 * the solution.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type GloveTable, loadGloveTable } from '@workshop/llm';
import { FIXTURES_DIR } from './corpus.ts';
import { matchedRows, usearch } from './usearch.ts';

/** Unit-length vectors, one per row, in one flat array (what the index and exact search take). */
export interface VectorSet {
  dimensions: number;
  /** Number of vectors. */
  count: number;
  /** `count × dimensions` components, row after row. */
  data: Float32Array;
}

/** One labelled query of a neighbours split: a word and its exact 10 nearest words in the collection. */
export interface NeighbourQuery {
  /** The query word (not in the collection). */
  id: string;
  /** Its 10 nearest collection words by cosine, best first: the ground truth. */
  neighbours: string[];
}

/** The collection's words, in row order. */
export function collectionWords(): string[] {
  return readFileSync(path.join(FIXTURES_DIR, 'words.txt'), 'utf8').split('\n').filter(Boolean);
}

/** The GloVe vectors of `words`, unit length (the table stores them as int8 with a scale per word). */
export function wordVectors(table: GloveTable, words: readonly string[]): VectorSet {
  const d = table.dimensions;
  const data = new Float32Array(words.length * d);
  words.forEach((word, i) => {
    const row = table.index.get(word);
    if (row === undefined) throw new Error(`"${word}" is not in the GloVe table ${table.id}`);
    let norm = 0;
    for (let j = 0; j < d; j++) {
      const x = (table.vectors[row * d + j] as number) * (table.scales[row] as number);
      data[i * d + j] = x;
      norm += x * x;
    }
    const scale = norm === 0 ? 0 : 1 / Math.sqrt(norm);
    for (let j = 0; j < d; j++) data[i * d + j] = (data[i * d + j] as number) * scale;
  });
  return { dimensions: d, count: words.length, data };
}

/** The collection and the labelled queries of one split, as vectors and row numbers. */
export interface ScaleData {
  collection: VectorSet;
  queries: VectorSet;
  /** Per query: the row numbers of its exact 10 nearest neighbours in the collection, best first. */
  truth: number[][];
}

/** Vectors for the collection and for `rows` (a neighbours split), with the ground truth as row numbers. */
export async function loadScaleData(rows: readonly NeighbourQuery[]): Promise<ScaleData> {
  const table = await loadGloveTable();
  const words = collectionWords();
  const rowOf = new Map(words.map((word, i) => [word, i]));
  const truth = rows.map((row) =>
    row.neighbours.map((word) => {
      const index = rowOf.get(word);
      if (index === undefined) throw new Error(`neighbour "${word}" of "${row.id}" is not in fixtures/words.txt`);
      return index;
    }),
  );
  return {
    collection: wordVectors(table, words),
    queries: wordVectors(
      table,
      rows.map((row) => row.id),
    ),
    truth,
  };
}

/** Exact k nearest rows of `base` for every query, by cosine, best first (USearch's brute-force search). */
export function exactNeighbours(base: VectorSet, queries: VectorSet, k: number): number[][] {
  if (queries.count === 0) return [];
  const found = usearch.exactSearch(base.data, queries.data, base.dimensions, k, usearch.MetricKind.Cos, 1);
  return matchedRows(found, queries.count);
}

/** |found ∩ truth| / k: the share of the true k nearest neighbours a search returned. */
export function overlapAtK(found: readonly number[], truth: readonly number[], k: number): number {
  const expected = new Set(truth.slice(0, k));
  return new Set(found.slice(0, k).filter((row) => expected.has(row))).size / k;
}
