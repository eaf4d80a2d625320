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
  if (!(Number.isFinite(k) && k >= 0)) throw new Error(`reciprocalRankFusion: k must be a number >= 0, got ${k}`);
  const fused = new Map<string, FusedResult>();
  lists.forEach((list, listIndex) => {
    list.forEach((id, position) => {
      let entry = fused.get(id);
      if (!entry) {
        entry = { id, score: 0, ranks: lists.map(() => undefined) };
        fused.set(id, entry);
      }
      if (entry.ranks[listIndex] !== undefined) return;
      entry.ranks[listIndex] = position + 1;
      entry.score += 1 / (k + position + 1);
    });
  });
  const bestRank = (r: FusedResult) => Math.min(...r.ranks.map((x) => x ?? Number.POSITIVE_INFINITY));
  return [...fused.values()].sort(
    (a, b) => b.score - a.score || bestRank(a) - bestRank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}
