/**
 * Relevance evaluation of a retriever on labelled queries: the metrics at several k, a sweep of
 * score thresholds (what a "no result below X" rule would do to recall, precision and the
 * no-result rate), and how sure a change measured on the same queries is.
 */
import { mean } from '@workshop/kit';
import { ndcgAtK, noResultRate, precisionAtK, recallAtK, reciprocalRank } from './metrics.ts';
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
  const runs: QueryRun[] = [];
  // One at a time: the evaluation must not be the thing that trips a provider's rate limit.
  for (const query of queries) {
    const hits = await retrieve(query.text, topK);
    runs.push({ queryId: query.id, relevant: query.relevant, hits: hits.slice(0, topK) });
  }
  return runs;
}

/** Recall, precision, MRR and nDCG at each k, averaged over the runs whose query has relevant documents. */
export function evaluateAtK(runs: QueryRun[], ks: number[]): AtKRow[] {
  const answerable = runs.filter((run) => run.relevant.length > 0);
  return ks.map((k) => {
    const ranked = answerable.map((run) => run.hits.map((hit) => hit.id));
    return {
      k,
      recall: mean(ranked.map((ids, i) => recallAtK(ids, (answerable[i] as QueryRun).relevant, k))),
      precision: mean(ranked.map((ids, i) => precisionAtK(ids, (answerable[i] as QueryRun).relevant, k))),
      mrr: mean(ranked.map((ids, i) => reciprocalRank(ids.slice(0, k), (answerable[i] as QueryRun).relevant))),
      ndcg: mean(ranked.map((ids, i) => ndcgAtK(ids, (answerable[i] as QueryRun).relevant, k))),
      queries: answerable.length,
    };
  });
}

/** For each threshold: keep the top-`k` hits scoring at least the threshold, and measure. */
export function sweepThresholds(runs: QueryRun[], thresholds: number[], k: number): ThresholdRow[] {
  const answerable = runs.filter((run) => run.relevant.length > 0);
  const unanswerable = runs.filter((run) => run.relevant.length === 0);
  return thresholds.map((threshold) => {
    const shown = (run: QueryRun) =>
      run.hits
        .slice(0, k)
        .filter((hit) => hit.score >= threshold)
        .map((hit) => hit.id);
    const precisions = runs
      .map((run) => ({ run, ids: shown(run) }))
      .filter(({ ids }) => ids.length > 0)
      .map(({ run, ids }) => ids.filter((id) => run.relevant.includes(id)).length / ids.length);
    return {
      threshold,
      recall: mean(answerable.map((run) => recallAtK(shown(run), run.relevant, k))),
      precision: precisions.length === 0 ? null : mean(precisions),
      noResultRate: noResultRate(runs.map(shown)),
      noResultAnswerable: noResultRate(answerable.map(shown)),
      noResultUnanswerable: noResultRate(unanswerable.map(shown)),
    };
  });
}

/** How a per-query metric changes from one index to another, measured on the same queries. */
export interface PairedChange {
  /** Mean of `after − before`. */
  mean: number;
  /** The 95 % interval of that mean (normal approximation of the per-query differences). */
  low: number;
  high: number;
  /** Queries that gain, and queries that lose. */
  better: number;
  worse: number;
}

/**
 * The change of a metric between two indexes on the same queries, with its interval: each query is
 * its own control, so two indexes that answer alike have a narrow interval however hard the
 * questions are, and two that answer differently a wide one.
 */
export function pairedChange(before: readonly number[], after: readonly number[]): PairedChange {
  if (before.length !== after.length || before.length < 2) {
    throw new RangeError(
      `pairedChange needs the same 2 or more queries on both sides, got ${before.length} and ${after.length}`,
    );
  }
  const diffs = after.map((value, i) => value - (before[i] as number));
  const center = mean(diffs);
  const variance = diffs.reduce((sum, d) => sum + (d - center) ** 2, 0) / (diffs.length - 1);
  const margin = 1.96 * Math.sqrt(variance / diffs.length);
  return {
    mean: center,
    low: center - margin,
    high: center + margin,
    better: diffs.filter((d) => d > 0).length,
    worse: diffs.filter((d) => d < 0).length,
  };
}
