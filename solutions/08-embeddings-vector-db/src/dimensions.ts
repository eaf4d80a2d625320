/**
 * Matryoshka-style truncation: keep the first `d` components of each vector and re-normalise.
 * Models trained for it (OpenAI's text-embedding-3-*, nomic-embed-text v1.5…) put the most
 * information first, so short prefixes rank almost like the full vector. Whether YOUR model and
 * data allow it is measured, not assumed: Recall@10 of the truncated ranking against the
 * full-size exact ranking, and the memory saved, at each size.
 */
import { normalize, topKIndices } from './vectors.ts';

/** Bytes per stored component (float32, what both stores keep). */
export const BYTES_PER_COMPONENT = 4;

/** The first `dimensions` components of `vector`, scaled back to unit length (zero stays zero). */
export function truncate(vector: readonly number[], dimensions: number): number[] {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > vector.length) {
    throw new RangeError(`truncate: dimensions must be an integer from 1 to ${vector.length}, got ${dimensions}`);
  }
  // Without re-normalising, cosine still works but dot products (and Qdrant's Dot) would not.
  return normalize(vector.slice(0, dimensions));
}

/** What one size costs and keeps. */
export interface DimensionRow {
  dimensions: number;
  /** Mean over queries of |top-k at this size ∩ top-k at full size| / k. 1 at full size. */
  recallAtK: number;
  /** `1 - recallAtK`: the share of the exact top-k this size loses. */
  recallLoss: number;
  /** `dimensions × 4`. */
  bytesPerVector: number;
  /** Bytes for all document vectors at this size. */
  totalBytes: number;
  /** `1 - dimensions / full`: share of vector memory saved against the full size. */
  memorySaved: number;
}

/**
 * Truncate documents and queries to each size and compare each query's top-`k` with its exact
 * top-`k` at full size (cosine, ties broken by index).
 */
export function dimensionSweep(
  docVectors: number[][],
  queryVectors: number[][],
  sizes: number[],
  k = 10,
): DimensionRow[] {
  const full = docVectors[0]?.length;
  if (full === undefined || queryVectors.length === 0) {
    throw new RangeError('dimensionSweep needs at least one document vector and one query vector');
  }
  const reference = queryVectors.map((q) => new Set(topKIndices(docVectors, q, k)));
  // A query cannot find more than there are documents.
  const kept = Math.min(k, docVectors.length);
  return sizes.map((dimensions) => {
    const docs = docVectors.map((v) => truncate(v, dimensions));
    const overlaps = queryVectors.map((q, i) => {
      const found = topKIndices(docs, truncate(q, dimensions), k);
      return found.filter((index) => reference[i]?.has(index)).length / kept;
    });
    const recall = overlaps.reduce((sum, x) => sum + x, 0) / overlaps.length;
    return {
      dimensions,
      recallAtK: recall,
      recallLoss: 1 - recall,
      bytesPerVector: dimensions * BYTES_PER_COMPONENT,
      totalBytes: docVectors.length * dimensions * BYTES_PER_COMPONENT,
      memorySaved: 1 - dimensions / full,
    };
  });
}

/** The smallest size whose recall loss is within `maxLoss` (e.g. 0.05 for "lose at most 5 %"). */
export function pickDimensions(rows: DimensionRow[], maxLoss: number): DimensionRow {
  if (!(maxLoss >= 0 && maxLoss <= 1)) throw new RangeError(`maxLoss must be between 0 and 1, got ${maxLoss}`);
  const within = rows.filter((row) => row.recallLoss <= maxLoss + 1e-12);
  if (within.length === 0) {
    throw new RangeError(`no size loses at most ${maxLoss} of Recall@k; include the full size in the sweep`);
  }
  return within.reduce((best, row) => (row.dimensions < best.dimensions ? row : best));
}
