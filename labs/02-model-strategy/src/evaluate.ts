/**
 * The evaluator: run every golden case through a candidate and measure what the acceptance
 * spec asks about — success rate, latency percentiles, tokens, and cost per *successful* task.
 */
import type { PriceTable } from '@workshop/llm';
import type { GoldenCase } from './golden.ts';
import type { Candidate, CandidateReport } from './types.ts';

/** Options of the evaluator. */
export interface EvaluateOptions {
  /**
   * Monotonic clock in milliseconds used to time each call; defaults to `performance.now`.
   * Inject one to make latency figures exact in tests.
   */
  now?: () => number;
  /**
   * Price table that takes precedence (e.g. negotiated prices, or an amortised GPU price for a
   * self-hosted model). Models it does not list keep the cost the adapter reports from
   * `@workshop/llm`'s built-in table.
   */
  prices?: PriceTable;
}

/**
 * Run the golden set through one candidate, one case at a time and in order — concurrent calls
 * would queue behind each other and inflate the very latency being measured.
 */
export async function evaluateCandidate(
  candidate: Candidate,
  golden: readonly GoldenCase[],
  options: EvaluateOptions = {},
): Promise<CandidateReport> {
  // TODO: 1. Reject a golden set without cases (an Error whose message says it is empty).
  // TODO: 2. For each case, in order: build the request with `buildTaskRequest(case)` (golden.ts),
  //          read the clock (`options.now ?? (() => performance.now())`), `await candidate.model.generate(request)`,
  //          read the clock again: latencyMs = after - before. Grade `response.text` with `gradeAnswer`.
  // TODO: 3. If `generate` throws a ProviderError (`isProviderError` from '@workshop/llm'), the task
  //          FAILED: record passed=false, `error: err.kind`, a reason, the measured latency, zero usage
  //          and cost — and carry on with the next case. Rethrow anything else: it is a bug, not the model.
  // TODO: 4. Cost of a call: `response.cost`, unless `options.prices` prices the model —
  //          `costOf(model.provider, model.modelId, response.usage, options.prices)` with `priced: true`.
  // TODO: 5. Build the CandidateReport (see src/types.ts): successRate, latency via
  //          `summariseLatencies` over ALL cases, summed tokens, totalCostUsd over ALL cases
  //          (failed ones too), costPerSuccessUsd = totalCostUsd / successes (null when there are
  //          no successes), priced = every call priced, errors = cases with an `error`,
  //          provider = `candidate.provider ?? model.provider`, contextWindow from `model.capabilities`.
  void candidate;
  void golden;
  void options;
  throw new Error('TODO: evaluateCandidate — run the golden set through the candidate (see src/evaluate.ts)');
}

/** Evaluate several candidates one after another; names must be unique. */
export async function evaluateCandidates(
  candidates: readonly Candidate[],
  golden: readonly GoldenCase[],
  options: EvaluateOptions = {},
): Promise<CandidateReport[]> {
  // TODO: before calling any model, throw when two candidates share a name (name it in the
  //       message: "duplicate candidate name …"). Then evaluate them one after another.
  void candidates;
  void golden;
  void options;
  throw new Error('TODO: evaluateCandidates — evaluate each candidate in turn (see src/evaluate.ts)');
}
