/**
 * The product owner's promises, in one place: the thresholds and the cut-over rule are derived
 * from them (src/cutover.ts), the representation and the HNSW operating point are chosen within
 * them (src/representation.ts, src/operating-point.ts). Given code: the same file in the starter and
 * the solution. The DoD judges the test split against these numbers.
 */

/** When a search may answer "no matching article" instead of its weak hits. */
export interface NoResultPromise {
  /** At most this share of answerable questions may be told "no result" (their hits all fall below the threshold). */
  maxAnswerableEmpty: number;
}

export const NO_RESULT_PROMISE: NoResultPromise = { maxAnswerableEmpty: 0.05 };

/** When reads may move from the live index to the shadow index. */
export interface CutOverPolicy {
  /** Results compared per query (Recall@k of what is shown). */
  k: number;
  /** Mean Recall@k of what users are shown, over answerable questions, may drop by at most this much. */
  maxRecallDrop: number;
  /** The share of unanswerable questions answered "no result" may drop by at most this much. */
  maxAbstentionDrop: number;
  /** Evidence needs at least this many answerable labelled questions… */
  minAnswerable: number;
  /** …and this many unanswerable ones. */
  minUnanswerable: number;
}

export const CUTOVER_POLICY: CutOverPolicy = {
  k: 10,
  maxRecallDrop: 0.02,
  maxAbstentionDrop: 0.1,
  minAnswerable: 50,
  minUnanswerable: 15,
};

/** How much smaller vectors may lose: Recall@10 against the exact float32 top 10. */
export interface RepresentationBudget {
  maxRecallLoss: number;
}

export const REPRESENTATION_BUDGET: RepresentationBudget = { maxRecallLoss: 0.02 };

/** What approximate search must keep: Recall@10 against exact search. */
export interface AnnTarget {
  minRecall: number;
}

export const ANN_TARGET: AnnTarget = { minRecall: 0.95 };
