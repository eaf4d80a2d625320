/**
 * Drift between two embedding snapshots of the same items (the corpus re-embedded later, or by
 * a new model version): how far the centre of mass moved, and how many of each item's nearest
 * neighbours stayed its neighbours. Neighbour overlap works across models and sizes; centroid
 * shift only within one vector space.
 */
// You will need: cosine, topKIndices from './vectors.ts'.

/** Mean vector. */
export function centroid(vectors: readonly number[][]): number[] {
  // TODO: the component-wise mean of `vectors`. Throw a RangeError for an empty list or vectors of
  //   different lengths.
  void vectors;
  throw new Error('TODO: centroid (DoD-6) — see the TODO in src/drift.ts');
}

/**
 * Cosine distance between the centroids: `1 - cosine(centroid(a), centroid(b))`, 0 when the
 * centre did not move, up to 2. Only defined within one vector space (same length).
 */
export function centroidShift(a: readonly number[][], b: readonly number[][]): number {
  // TODO: 1 - cosine(centroid(a), centroid(b)). When the centroids have different lengths, throw a
  //   RangeError that says the snapshots have different dimensions (different spaces: use overlap).
  void a;
  void b;
  throw new Error('TODO: centroidShift (DoD-6) — see the TODO in src/drift.ts');
}

/**
 * Mean over items of |kNN_a(i) ∩ kNN_b(i)| / k, where kNN_s(i) are the `k` items most
 * cosine-similar to item i in snapshot s (i itself excluded). `a[i]` and `b[i]` must be the same item.
 */
export function neighbourOverlap(a: readonly number[][], b: readonly number[][], k: number): number {
  // TODO: check a.length === b.length and 1 <= k < a.length (RangeError naming k otherwise). For each
  //   item i: before = topKIndices(a, a[i], k, i) (exclude i itself), after = topKIndices(b, b[i], k, i);
  //   score |before ∩ after| / k. Return the mean over items.
  void a;
  void b;
  void k;
  throw new Error('TODO: neighbourOverlap (DoD-6) — see the TODO in src/drift.ts');
}

/** When to raise the alert. */
export interface DriftThresholds {
  /** Neighbours compared per item. */
  k: number;
  /** Alert when the overlap falls below this (e.g. 0.7). */
  minOverlap: number;
  /** Alert when the centroid moved more than this (cosine distance, e.g. 0.05). */
  maxCentroidShift: number;
}

/** The comparison of two snapshots. */
export interface DriftReport {
  /** `null` when the snapshots live in different spaces (different lengths). */
  centroidShift: number | null;
  overlapAtK: number;
  k: number;
  /** True when any threshold is crossed. */
  alert: boolean;
  /** One sentence per crossed threshold, with the measured value and the threshold. */
  reasons: string[];
}

/** Compare two snapshots of the same items against the thresholds. */
export function detectDrift(a: number[][], b: number[][], thresholds: DriftThresholds): DriftReport {
  // TODO: centroidShift only when both snapshots have the same vector length, else null;
  //   overlapAtK = neighbourOverlap(a, b, thresholds.k). Add one reason per crossed threshold:
  //   overlap below minOverlap → a sentence containing "overlap" and both numbers;
  //   shift above maxCentroidShift → a sentence containing "centroid" and both numbers.
  //   alert = at least one reason.
  void a;
  void b;
  void thresholds;
  throw new Error('TODO: detectDrift (DoD-6) — see the TODO in src/drift.ts');
}
