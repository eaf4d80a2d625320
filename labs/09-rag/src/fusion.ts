/**
 * DoD-3 — how two rankings become one. Vector search finds meaning ("send something back" ≈
 * "return"), BM25 finds exact words ("HS-3", "Keyhole", "4400"); each misses what the other finds.
 * Their scores live on different scales (a cosine of 0.6 and a BM25 score of 11.2 say nothing
 * about each other), so the decision is how to combine ranks, and how much each retriever counts.
 */

/** Chunk ids from each retriever, best first (20 each by default). */
export interface Rankings {
  /** By cosine similarity of the embeddings. */
  vector: readonly string[];
  /** By BM25 over the chunk's heading path and text. */
  bm25: readonly string[];
}

/** One chunk of the fused ranking. */
export interface Fused {
  /** The chunk id (one of the ids in the rankings). */
  id: string;
  /** Higher is better; only compared within one query. The order is by score (ties by id). */
  score: number;
}

/** Fuse the rankings into one list of scored ids (each id once). */
export function fuse(rankings: Rankings): Fused[] {
  // TODO (DoD-3): score every id the retrievers returned so that the best evidence comes first;
  // decide which retrievers count and how much (the dev report shows each alone). Judged on the
  // test split: evidence Recall@5 of at least 0.75, and at least 0.01 above the better retriever
  // alone (test/dod-3-fusion.test.ts).
  throw new Error(`TODO(DoD-3): fuse ${rankings.vector.length} + ${rankings.bm25.length} ids in src/fusion.ts`);
}
