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

// Reciprocal rank fusion (Cormack, Clarke & Büttcher, 2009), weighted by what each retriever
// earned on dev with the lab's offline embedding model: BM25 alone finds more evidence than
// vector search alone, and every fusion that gave vectors a real say lost evidence (the paper's
// k = 60 with equal weights lost five points). So BM25 leads; a vector rank counts a tenth, which
// breaks ties and fills the list when BM25 finds little (a question in none of the handbook's words).
const K = 1;
const WEIGHTS = { vector: 0.1, bm25: 1 } as const;

/** Fuse the rankings into one list of scored ids (each id once). */
export function fuse(rankings: Rankings): Fused[] {
  const scores = new Map<string, number>();
  for (const retriever of ['vector', 'bm25'] as const) {
    rankings[retriever].forEach((id, position) => {
      scores.set(id, (scores.get(id) ?? 0) + WEIGHTS[retriever] / (K + position + 1));
    });
  }
  return [...scores].map(([id, score]) => ({ id, score }));
}
