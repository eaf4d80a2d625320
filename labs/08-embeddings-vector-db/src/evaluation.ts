/**
 * Relevance evaluation of a retriever on labelled queries: the metrics at several k, and a
 * sweep of score thresholds (what a "no result below X" rule would do to recall, precision
 * and the no-result rate).
 */
// You will need: mean, ndcgAtK, noResultRate, precisionAtK, recallAtK, reciprocalRank from './metrics.ts'.
import type { LabelledQuery, QueryRun, RankedHit } from './types.ts';

/** Anything that ranks documents for a query text, best first (a pipeline, a store, a BM25 index…). */
export type Retriever = (text: string, topK: number) => Promise<RankedHit[]>;

/** The metrics at one k, averaged over the answerable queries. */
export interface AtKRow {
  k: number;
  recall: number;
  precision: number;
  /** Mean reciprocal rank of the first relevant hit within the top k. */
  mrr: number;
  ndcg: number;
  /** Answerable queries the averages are over. */
  queries: number;
}

/** What a score threshold does, on the top `k` hits of every query. */
export interface ThresholdRow {
  threshold: number;
  /** Mean Recall@k over answerable queries, counting only hits at or above the threshold. */
  recall: number;
  /**
   * Mean share of relevant hits among the hits shown, over every query that shows at least one
   * (an unanswerable query that shows hits scores 0); `null` when no query shows anything.
   */
  precision: number | null;
  /** Share of ALL queries left with no result. */
  noResultRate: number;
  /** Share of answerable queries left with no result: users told "nothing found" wrongly. Want 0. */
  noResultAnswerable: number;
  /** Share of unanswerable queries left with no result: correct abstentions. Want 1. */
  noResultUnanswerable: number;
}

/** Run every query through the retriever once, keeping the top `topK` hits with their scores. */
export async function runQueries(retrieve: Retriever, queries: LabelledQuery[], topK: number): Promise<QueryRun[]> {
  // TODO: for each query IN ORDER (one at a time, not Promise.all: be kind to rate limits):
  //   hits = await retrieve(query.text, topK); push { queryId: query.id, relevant: query.relevant,
  //   hits: hits.slice(0, topK) }. Return the runs.
  void retrieve;
  void queries;
  void topK;
  throw new Error('TODO: runQueries (DoD-4) — see the TODO in src/evaluation.ts');
}

/** Recall, precision, MRR and nDCG at each k, averaged over the runs whose query has relevant documents. */
export function evaluateAtK(runs: QueryRun[], ks: number[]): AtKRow[] {
  // TODO: keep only the runs with at least one relevant id (answerable). For each k return an AtKRow:
  //   recall / precision / ndcg = mean over answerable runs of recallAtK / precisionAtK / ndcgAtK
  //   on run.hits' ids; mrr = mean of reciprocalRank(ids.slice(0, k), relevant) (a first hit
  //   below rank k does not count); queries = number of answerable runs.
  void runs;
  void ks;
  throw new Error('TODO: evaluateAtK (DoD-4) — see the TODO in src/evaluation.ts');
}

/** For each threshold: keep the top-`k` hits scoring at least the threshold, and measure. */
export function sweepThresholds(runs: QueryRun[], thresholds: number[], k: number): ThresholdRow[] {
  // TODO: for each threshold, "shown" ids of a run = its top k hits with score >= threshold. Then:
  //   recall              = mean over ANSWERABLE runs of recallAtK(shown, relevant, k)
  //   precision           = mean over ALL runs that show ≥ 1 hit of (relevant shown / shown);
  //                         an unanswerable run that shows hits scores 0; null when no run shows anything
  //   noResultRate        = noResultRate(shown lists of all runs)
  //   noResultAnswerable  = the same over answerable runs; noResultUnanswerable over the others.
  void runs;
  void thresholds;
  void k;
  throw new Error('TODO: sweepThresholds (DoD-4) — see the TODO in src/evaluation.ts');
}
