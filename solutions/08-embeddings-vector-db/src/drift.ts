/**
 * Drift between two embedding snapshots of the same items (the corpus re-embedded later, or by
 * a new model version): how far the centre of mass moved, and how many of each item's nearest
 * neighbours stayed its neighbours. Neighbour overlap works across models and sizes; centroid
 * shift only within one vector space.
 */
import { cosine, topKIndices } from './vectors.ts';

/** Mean vector. */
export function centroid(vectors: readonly number[][]): number[] {
  const first = vectors[0];
  if (!first) throw new RangeError('centroid of no vectors');
  const sum = new Array<number>(first.length).fill(0);
  for (const v of vectors) {
    if (v.length !== first.length)
      throw new RangeError(`centroid: vector lengths differ (${first.length} vs ${v.length})`);
    v.forEach((x, i) => {
      sum[i] = (sum[i] as number) + x;
    });
  }
  return sum.map((x) => x / vectors.length);
}

/**
 * Cosine distance between the centroids: `1 - cosine(centroid(a), centroid(b))`, 0 when the
 * centre did not move, up to 2. Only defined within one vector space (same length).
 */
export function centroidShift(a: readonly number[][], b: readonly number[][]): number {
  const ca = centroid(a);
  const cb = centroid(b);
  if (ca.length !== cb.length) {
    throw new RangeError(
      `centroidShift: snapshots have ${ca.length} and ${cb.length} dimensions; vectors of different spaces cannot be compared (use neighbour overlap)`,
    );
  }
  return 1 - cosine(ca, cb);
}

/**
 * Mean over items of |kNN_a(i) ∩ kNN_b(i)| / k, where kNN_s(i) are the `k` items most
 * cosine-similar to item i in snapshot s (i itself excluded). `a[i]` and `b[i]` must be the same item.
 */
export function neighbourOverlap(a: readonly number[][], b: readonly number[][], k: number): number {
  if (a.length !== b.length) throw new RangeError(`neighbourOverlap: snapshots hold ${a.length} and ${b.length} items`);
  if (!Number.isInteger(k) || k < 1 || k >= a.length) {
    throw new RangeError(`neighbourOverlap: k must be an integer from 1 to ${a.length - 1}, got ${k}`);
  }
  let total = 0;
  for (let i = 0; i < a.length; i++) {
    const before = new Set(topKIndices(a, a[i] as number[], k, i));
    total += topKIndices(b, b[i] as number[], k, i).filter((j) => before.has(j)).length / k;
  }
  return total / a.length;
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
  const sameSpace = a[0]?.length === b[0]?.length;
  const shift = sameSpace ? centroidShift(a, b) : null;
  const overlap = neighbourOverlap(a, b, thresholds.k);
  const reasons: string[] = [];
  if (overlap < thresholds.minOverlap) {
    reasons.push(`neighbour overlap@${thresholds.k} ${overlap.toFixed(3)} is below ${thresholds.minOverlap}`);
  }
  if (shift !== null && shift > thresholds.maxCentroidShift) {
    reasons.push(`centroid shift ${shift.toFixed(4)} is above ${thresholds.maxCentroidShift}`);
  }
  return { centroidShift: shift, overlapAtK: overlap, k: thresholds.k, alert: reasons.length > 0, reasons };
}
