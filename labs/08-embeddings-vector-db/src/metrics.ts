/**
 * Retrieval metrics from labelled document ids (binary relevance), no LLM judge.
 * `ranked` is the list of retrieved ids, best first; `relevant` the ids that answer the query.
 * Every per-query metric needs at least one relevant id: a query with none has nothing to
 * recall, and is measured by the no-result rate instead.
 */

function checked(relevant: readonly string[], k: number, metric: string): Set<string> {
  // Given: the input checks every metric starts with.
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`${metric}: k must be a positive integer, got ${k}`);
  if (relevant.length === 0) {
    throw new RangeError(`${metric}: the query has no relevant documents; count it in the no-result rate instead`);
  }
  return new Set(relevant);
}

/** Share of the relevant documents found in the top `k`: |top-k ∩ relevant| / |relevant|. */
export function recallAtK(ranked: readonly string[], relevant: readonly string[], k: number): number {
  // TODO: |distinct ids of ranked.slice(0, k) that are in `set`| / set.size. A small helper
  //   `hitsAtK(ranked, set, k)` (count each relevant id once) serves recall, precision and the sweep.
  const set = checked(relevant, k, 'recallAtK'); // given: the input checks
  void ranked;
  void set;
  throw new Error('TODO: recallAtK (DoD-3) — see the TODO in src/metrics.ts');
}

/**
 * Share of the top `k` slots holding a relevant document: |top-k ∩ relevant| / k. The
 * denominator is `k` even when fewer were retrieved (an empty slot is not a right answer).
 */
export function precisionAtK(ranked: readonly string[], relevant: readonly string[], k: number): number {
  // TODO: the same hits in the top k, divided by k
  //   (by k, not by ranked.length: an empty slot is not a right answer).
  const set = checked(relevant, k, 'precisionAtK'); // given: the input checks
  void ranked;
  void set;
  throw new Error('TODO: precisionAtK (DoD-3) — see the TODO in src/metrics.ts');
}

/** 1 / rank of the first relevant document (rank 1 = best), 0 when none was retrieved. MRR is its mean. */
export function reciprocalRank(ranked: readonly string[], relevant: readonly string[]): number {
  // TODO: find the index of the first relevant id;
  //   return 1 / (index + 1), or 0 when there is none.
  const set = checked(relevant, 1, 'reciprocalRank'); // given: the input checks
  void ranked;
  void set;
  throw new Error('TODO: reciprocalRank (DoD-3) — see the TODO in src/metrics.ts');
}

/**
 * Normalised discounted cumulative gain with binary gains:
 * DCG@k = Σ_{i=1..k} rel_i / log2(i + 1), divided by the DCG of the ideal ranking
 * (every relevant document first: Σ_{i=1..min(|relevant|, k)} 1 / log2(i + 1)).
 */
export function ndcgAtK(ranked: readonly string[], relevant: readonly string[], k: number): number {
  // TODO:
  //   DCG  = Σ over the top k, at 0-based position i, of (relevant and not seen before ? 1 : 0) / Math.log2(i + 2)
  //   IDCG = Σ for i from 0 to min(set.size, k) - 1 of 1 / Math.log2(i + 2)   (all relevant ranked first)
  //   return DCG / IDCG.
  const set = checked(relevant, k, 'ndcgAtK'); // given: the input checks
  void ranked;
  void set;
  throw new Error('TODO: ndcgAtK (DoD-3) — see the TODO in src/metrics.ts');
}

/** Share of result lists that are empty (0 when there are no lists). */
export function noResultRate(results: readonly (readonly unknown[])[]): number {
  // TODO: the share of lists with length 0; 0 when `results` is empty.
  void results;
  throw new Error('TODO: noResultRate (DoD-3) — see the TODO in src/metrics.ts');
}

/** Arithmetic mean; `NaN` for an empty list (an average over nothing is undefined, not 0). */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}
