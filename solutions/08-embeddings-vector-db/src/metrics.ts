/**
 * Retrieval metrics from labelled document ids (binary relevance), no LLM judge.
 * `ranked` is the list of retrieved ids, best first; `relevant` the ids that answer the query.
 * Every per-query metric needs at least one relevant id: a query with none has nothing to
 * recall, and is measured by the no-result rate instead.
 */

function checked(relevant: readonly string[], k: number, metric: string): Set<string> {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`${metric}: k must be a positive integer, got ${k}`);
  if (relevant.length === 0) {
    throw new RangeError(`${metric}: the query has no relevant documents; count it in the no-result rate instead`);
  }
  return new Set(relevant);
}

/** Relevant ids among the first `k` retrieved (each counted once). */
function hitsAtK(ranked: readonly string[], relevant: Set<string>, k: number): number {
  return new Set(ranked.slice(0, k).filter((id) => relevant.has(id))).size;
}

/** Share of the relevant documents found in the top `k`: |top-k ∩ relevant| / |relevant|. */
export function recallAtK(ranked: readonly string[], relevant: readonly string[], k: number): number {
  const set = checked(relevant, k, 'recallAtK');
  return hitsAtK(ranked, set, k) / set.size;
}

/**
 * Share of the top `k` slots holding a relevant document: |top-k ∩ relevant| / k. The
 * denominator is `k` even when fewer were retrieved (an empty slot is not a right answer).
 */
export function precisionAtK(ranked: readonly string[], relevant: readonly string[], k: number): number {
  const set = checked(relevant, k, 'precisionAtK');
  return hitsAtK(ranked, set, k) / k;
}

/** 1 / rank of the first relevant document (rank 1 = best), 0 when none was retrieved. MRR is its mean. */
export function reciprocalRank(ranked: readonly string[], relevant: readonly string[]): number {
  const set = checked(relevant, 1, 'reciprocalRank');
  const index = ranked.findIndex((id) => set.has(id));
  return index === -1 ? 0 : 1 / (index + 1);
}

/**
 * Normalised discounted cumulative gain with binary gains:
 * DCG@k = Σ_{i=1..k} rel_i / log2(i + 1), divided by the DCG of the ideal ranking
 * (every relevant document first: Σ_{i=1..min(|relevant|, k)} 1 / log2(i + 1)).
 */
export function ndcgAtK(ranked: readonly string[], relevant: readonly string[], k: number): number {
  const set = checked(relevant, k, 'ndcgAtK');
  const seen = new Set<string>();
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    // A duplicate id in the ranking earns nothing the second time.
    if (set.has(id) && !seen.has(id)) dcg += 1 / Math.log2(i + 2);
    seen.add(id);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(set.size, k); i++) ideal += 1 / Math.log2(i + 2);
  return dcg / ideal;
}

/** Share of result lists that are empty (0 when there are no lists). */
export function noResultRate(results: readonly (readonly unknown[])[]): number {
  if (results.length === 0) return 0;
  return results.filter((list) => list.length === 0).length / results.length;
}
