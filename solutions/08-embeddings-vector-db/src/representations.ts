/**
 * Smaller representations of the collection's vectors, and what each costs in recall: the first
 * `d` components (truncation), int8 scalar quantisation, and binary (sign) quantisation with or
 * without float32 rescoring. Each is measured as Recall@10 against the exact float32 top 10 (the
 * ground truth of the split), next to its bytes per vector. Given code: the same file in the starter
 * and the solution; you choose among the rows (src/representation.ts).
 */
import { exactNeighbours, overlapAtK, type ScaleData, type VectorSet } from './collection.ts';
import { cachedJson, cacheKey, sourceOf } from './disk-cache.ts';
import { USEARCH_VERSION } from './usearch.ts';

/** How each component is stored. */
export type Encoding = 'float32' | 'int8' | 'binary';

/** One candidate representation. */
export interface Representation {
  /** e.g. `int8 × 100`, `binary × 100, rescored ×10`. */
  name: string;
  /** Components kept (the first `dimensions`). */
  dimensions: number;
  encoding: Encoding;
  /**
   * Binary only: fetch `rescore × k` candidates by Hamming distance, then rank them by the float32
   * vectors kept on disk (Qdrant's `oversampling` with `rescore: true`). 0 = no rescoring.
   */
  rescore: number;
}

/** A representation with what it costs and keeps, measured on one split's queries. */
export interface RepresentationRow extends Representation {
  /** Bytes per vector held in RAM for search. */
  bytesPerVector: number;
  /** Bytes per vector kept on disk for rescoring (0 when the RAM copy is all there is). */
  diskBytesPerVector: number;
  /** Mean over queries of |top 10 with this representation ∩ exact float32 top 10| / 10. */
  recallAt10: number;
  /** `1 - recallAt10`: the share of the exact top 10 this representation loses. */
  recallLoss: number;
  /** Recall@10 of each query, in split order (to judge how sure the mean is). */
  perQuery: number[];
}

const K = 10;

/** The candidates the lab measures: truncation, int8, binary (plain and rescored). */
export function candidates(full: number): Representation[] {
  const sizes = [full, Math.round(full * 0.75), Math.round(full / 2), Math.round(full / 4)];
  return [
    ...sizes.map((d) => ({ name: `float32 × ${d}`, dimensions: d, encoding: 'float32' as const, rescore: 0 })),
    ...[sizes[0], sizes[2]].map((d = full) => ({
      name: `int8 × ${d}`,
      dimensions: d,
      encoding: 'int8' as const,
      rescore: 0,
    })),
    { name: `binary × ${full}`, dimensions: full, encoding: 'binary', rescore: 0 },
    { name: `binary × ${full}, rescored ×10`, dimensions: full, encoding: 'binary', rescore: 10 },
  ];
}

/** The first `dimensions` components of every vector, scaled back to unit length. */
export function truncate(set: VectorSet, dimensions: number): VectorSet {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > set.dimensions) {
    throw new RangeError(`truncate: dimensions must be an integer from 1 to ${set.dimensions}, got ${dimensions}`);
  }
  const data = new Float32Array(set.count * dimensions);
  for (let i = 0; i < set.count; i++) {
    let norm = 0;
    for (let j = 0; j < dimensions; j++) norm += (set.data[i * set.dimensions + j] as number) ** 2;
    const scale = norm === 0 ? 0 : 1 / Math.sqrt(norm);
    for (let j = 0; j < dimensions; j++)
      data[i * dimensions + j] = (set.data[i * set.dimensions + j] as number) * scale;
  }
  return { dimensions, count: set.count, data };
}

/**
 * Per-dimension int8 scales from the collection: the largest magnitude of each component maps to
 * 127 (Qdrant clips at a quantile instead; with unit vectors the maximum wastes little range).
 */
export function int8Scales(collection: VectorSet): Float32Array {
  const scales = new Float32Array(collection.dimensions);
  for (let i = 0; i < collection.data.length; i++) {
    const j = i % collection.dimensions;
    scales[j] = Math.max(scales[j] as number, Math.abs(collection.data[i] as number) / 127);
  }
  return scales;
}

/** Each component rounded to an int8 step of its dimension's scale (returned as the values the int8 codes stand for). */
export function quantizeInt8(set: VectorSet, scales: Float32Array): VectorSet {
  const data = new Float32Array(set.data.length);
  for (let i = 0; i < data.length; i++) {
    const scale = scales[i % set.dimensions] as number;
    const code = scale === 0 ? 0 : Math.max(-127, Math.min(127, Math.round((set.data[i] as number) / scale)));
    data[i] = code * scale;
  }
  return { ...set, data };
}

/** One bit per component, its sign, as ±1 (cosine of ±1 vectors ranks exactly like Hamming distance). */
export function binarize(set: VectorSet): VectorSet {
  const data = new Float32Array(set.data.length);
  for (let i = 0; i < data.length; i++) data[i] = (set.data[i] as number) > 0 ? 1 : -1;
  return { ...set, data };
}

/** Bytes per vector in RAM for a representation. */
export function bytesPerVector(representation: Representation): number {
  const { dimensions, encoding } = representation;
  return encoding === 'float32' ? dimensions * 4 : encoding === 'int8' ? dimensions : Math.ceil(dimensions / 8);
}

/** Top 10 of every query with `representation`: encode both sides, search exactly, rescore when asked. */
export function searchWith(representation: Representation, data: ScaleData): number[][] {
  const { collection, queries } = data;
  const base = truncate(collection, representation.dimensions);
  const asked = truncate(queries, representation.dimensions);
  if (representation.encoding === 'float32') return exactNeighbours(base, asked, K);
  if (representation.encoding === 'int8') {
    const scales = int8Scales(base);
    return exactNeighbours(quantizeInt8(base, scales), quantizeInt8(asked, scales), K);
  }
  const fetch = K * Math.max(1, representation.rescore);
  const candidatesPerQuery = exactNeighbours(binarize(base), binarize(asked), Math.min(fetch, base.count));
  if (representation.rescore === 0) return candidatesPerQuery.map((rows) => rows.slice(0, K));
  return candidatesPerQuery.map((rows, q) =>
    rows
      .map((row) => ({ row, score: dotRows(collection, row, queries, q) }))
      .sort((a, b) => b.score - a.score || a.row - b.row)
      .slice(0, K)
      .map((hit) => hit.row),
  );
}

function dotRows(a: VectorSet, i: number, b: VectorSet, j: number): number {
  let sum = 0;
  for (let c = 0; c < a.dimensions; c++)
    sum += (a.data[i * a.dimensions + c] as number) * (b.data[j * b.dimensions + c] as number);
  return sum;
}

/**
 * Every representation measured on one split: Recall@10 against the split's exact top 10, and
 * bytes. Cached on disk by its inputs (a few hundred ms each time otherwise).
 */
export function measureRepresentations(
  data: ScaleData,
  representations = candidates(data.collection.dimensions),
): RepresentationRow[] {
  const key = cacheKey([
    sourceOf('representations.ts'),
    sourceOf('collection.ts'),
    USEARCH_VERSION,
    JSON.stringify(representations),
    JSON.stringify(data.truth),
    data.collection.data,
    data.queries.data,
  ]);
  return cachedJson('representations', key, () => measureAll(data, representations));
}

function measureAll(data: ScaleData, representations: Representation[]): RepresentationRow[] {
  return representations.map((representation) => {
    const found = searchWith(representation, data);
    const perQuery = found.map((rows, q) => overlapAtK(rows, data.truth[q] ?? [], K));
    const recallAt10 = perQuery.reduce((sum, x) => sum + x, 0) / Math.max(1, perQuery.length);
    return {
      ...representation,
      bytesPerVector: bytesPerVector(representation),
      diskBytesPerVector: representation.rescore > 0 ? representation.dimensions * 4 : 0,
      recallAt10,
      recallLoss: 1 - recallAt10,
      perQuery,
    };
  });
}
