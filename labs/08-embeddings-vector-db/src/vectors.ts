/**
 * Small vector helpers shared by the dimensionality and drift modules. Given code: the same
 * file in the starter and the solution.
 */

/** Dot product of two vectors of the same length. */
export function dot(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError(`dot: vector lengths differ (${a.length} vs ${b.length})`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

/** Euclidean (L2) norm. */
export function norm(v: readonly number[]): number {
  return Math.sqrt(dot(v, v));
}

/** `v` scaled to unit length; the zero vector stays zero (it has no direction). */
export function normalize(v: readonly number[]): number[] {
  const n = norm(v);
  return n === 0 ? v.map(() => 0) : v.map((x) => x / n);
}

/** Cosine similarity; 0 when either vector is zero. */
export function cosine(a: readonly number[], b: readonly number[]): number {
  const n = norm(a) * norm(b);
  return n === 0 ? 0 : dot(a, b) / n;
}

/**
 * Indices of the `k` vectors most cosine-similar to `query`, best first; ties go to the lower
 * index so rankings are deterministic. `exclude` skips one index (an item is not its own neighbour).
 */
export function topKIndices(vectors: readonly number[][], query: readonly number[], k: number, exclude = -1): number[] {
  const scored: { index: number; score: number }[] = [];
  for (let i = 0; i < vectors.length; i++) {
    if (i !== exclude) scored.push({ index: i, score: cosine(vectors[i] as number[], query) });
  }
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.slice(0, k).map((s) => s.index);
}
