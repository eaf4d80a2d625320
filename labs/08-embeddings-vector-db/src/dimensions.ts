/**
 * Matryoshka-style truncation: keep the first `d` components of each vector and re-normalise.
 * Models trained for it (OpenAI's text-embedding-3-*, nomic-embed-text v1.5…) put the most
 * information first, so short prefixes rank almost like the full vector. Whether YOUR model and
 * data allow it is measured, not assumed: Recall@10 of the truncated ranking against the
 * full-size exact ranking, and the memory saved, at each size.
 */
// You will need: normalize, topKIndices from './vectors.ts'.

/** Bytes per stored component (float32, what both stores keep). */
export const BYTES_PER_COMPONENT = 4;

/** The first `dimensions` components of `vector`, scaled back to unit length (zero stays zero). */
export function truncate(vector: readonly number[], dimensions: number): number[] {
  // TODO: throw a RangeError naming `dimensions` unless it is an integer from 1 to vector.length;
  //   then return normalize(vector.slice(0, dimensions)) (from ./vectors.ts). Re-normalising matters:
  //   the prefix of a unit vector is shorter than 1, and dot-product scores would shrink with it.
  void vector;
  void dimensions;
  throw new Error('TODO: truncate (DoD-5) — see the TODO in src/dimensions.ts');
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
  // TODO:
  //   full = docVectors[0].length (throw a RangeError when there are no documents or no queries).
  //   reference[i] = the set of topKIndices(docVectors, queryVectors[i], k) — the exact full-size top k.
  //   For each size d: truncate every document and query to d, take topKIndices on the truncated
  //   vectors, and score |found ∩ reference[i]| / min(k, docVectors.length) per query; recallAtK is
  //   the mean. Then recallLoss = 1 - recallAtK, bytesPerVector = d * BYTES_PER_COMPONENT,
  //   totalBytes = docVectors.length * bytesPerVector, memorySaved = 1 - d / full.
  throw new Error(
    `TODO: dimensionSweep(${docVectors.length} docs, ${queryVectors.length} queries, sizes ${sizes.join('/')}, k=${k})`,
  );
}

/** The smallest size whose recall loss is within `maxLoss` (e.g. 0.05 for "lose at most 5 %"). */
export function pickDimensions(rows: DimensionRow[], maxLoss: number): DimensionRow {
  // TODO: throw a RangeError naming maxLoss unless 0 <= maxLoss <= 1; keep the rows with
  //   recallLoss <= maxLoss (allow 1e-12 of rounding); none → throw a RangeError that names the budget;
  //   else return the row with the fewest dimensions (rows may come in any order).
  void rows;
  void maxLoss;
  throw new Error('TODO: pickDimensions (DoD-5) — see the TODO in src/dimensions.ts');
}
