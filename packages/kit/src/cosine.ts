/**
 * Cosine similarity of two vectors of equal length: 1 for the same direction, 0 for orthogonal.
 * A zero vector is similar to nothing (0), rather than NaN, so a text with no known word never
 * "matches". For search over many vectors use `@workshop/vector`, which is much faster.
 */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`cosineSimilarity: lengths differ (${a.length} and ${b.length})`);
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}
