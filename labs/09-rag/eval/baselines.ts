/**
 * Fixed retrieval settings for measuring one decision with the others held still: the injection
 * checkpoint retrieves with these (so it judges only the screen), the chunking checkpoint ranks
 * by BM25 alone (so it judges only the chunks, whichever embedding model is configured), and the
 * fusion checkpoint compares your fusion with each retriever alone.
 */
import type { Fused, Rankings } from '@lab/fusion.ts';
import type { ChunkingOptions } from '@lab/types.ts';

/** Chunking for the checkpoints that do not judge chunking: one chunk per handbook section, mostly. */
export const BASELINE_CHUNKING: ChunkingOptions = { maxTokens: 200, overlapTokens: 0 };

/** Rank by vector search only. */
export const vectorOnly = ({ vector }: Rankings): Fused[] => vector.map((id, i) => ({ id, score: -i }));

/** Rank by BM25 only. */
export const bm25Only = ({ bm25 }: Rankings): Fused[] => bm25.map((id, i) => ({ id, score: -i }));

/** Reciprocal rank fusion with k = 60 and equal weights (Cormack et al., 2009). */
export function standardFusion({ vector, bm25 }: Rankings): Fused[] {
  const scores = new Map<string, number>();
  for (const list of [vector, bm25]) {
    list.forEach((id, i) => {
      scores.set(id, (scores.get(id) ?? 0) + 1 / (61 + i));
    });
  }
  return [...scores].map(([id, score]) => ({ id, score }));
}
