/** L2-normalise in place (as Qdrant does for cosine); a zero vector stays zero. */
export function normalizeInPlace(v: Float32Array): void {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += (v[i] as number) * (v[i] as number);
  const norm = Math.sqrt(sum);
  if (norm === 0) return;
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / norm;
}
