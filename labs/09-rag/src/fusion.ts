/**
 * Reciprocal rank fusion (Cormack, Clarke & Büttcher, 2009): combine ranked lists whose scores
 * are not comparable (cosine vs BM25) by rank alone: score(d) = Σ 1 / (k + rank_i(d)).
 */

/** One fused result. */
export interface FusedResult {
  /** The item's id. */
  id: string;
  /** Σ 1 / (k + rank) over the lists that contain the item; higher is better. */
  score: number;
  /** The item's rank (from 1) in each input list, in input order; undefined where it is absent. */
  ranks: (number | undefined)[];
}

/** The constant from the paper: dampens the advantage of the very top ranks. */
export const RRF_K = 60;

/**
 * Fuse ranked lists of ids (best first). Duplicates within one list count at their best rank.
 * Ties are broken by the best single rank, then by id, so the order is deterministic.
 */
export function reciprocalRankFusion(lists: readonly (readonly string[])[], k: number = RRF_K): FusedResult[] {
  // TODO: reject a k that is not a finite number >= 0 (an Error naming k).
  // TODO: for every list and every position in it (rank = position + 1), add 1 / (k + rank) to the
  //       id's score and record the rank in `ranks[listIndex]` (only the first time an id appears in
  //       that list). `ranks` has one entry per input list, undefined where the id is absent.
  // TODO: sort by score (descending), then by best single rank, then by id.
  throw new Error(`TODO: reciprocalRankFusion over ${lists.length} lists (k = ${k})`);
}
