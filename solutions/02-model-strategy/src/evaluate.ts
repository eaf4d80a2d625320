/**
 * The evaluator: run every golden case through a candidate and measure what the acceptance
 * spec asks about — success rate, latency percentiles, tokens, and cost per *successful* task.
 */
import { type ChatResponse, costOf, isProviderError, type PriceTable, type TokenUsage } from '@workshop/llm';
import { buildTaskRequest, type GoldenCase, gradeAnswer } from './golden.ts';
import { summariseLatencies } from './percentile.ts';
import type { Candidate, CandidateReport, CaseResult } from './types.ts';

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

const NO_USAGE: TokenUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };

/**
 * Run the golden set through one candidate, one case at a time and in order — concurrent calls
 * would queue behind each other and inflate the very latency being measured.
 */
export async function evaluateCandidate(
  candidate: Candidate,
  golden: readonly GoldenCase[],
  options: EvaluateOptions = {},
): Promise<CandidateReport> {
  if (golden.length === 0) throw new Error('evaluateCandidate: the golden set is empty');
  const now = options.now ?? (() => performance.now());
  const { model } = candidate;

  const cases: CaseResult[] = [];
  for (const goldenCase of golden) {
    const request = buildTaskRequest(goldenCase);
    const started = now();
    let response: ChatResponse;
    try {
      response = await model.generate(request);
    } catch (error) {
      // A provider error is the candidate failing the task (and the user waiting for it);
      // anything else is a bug in this code and must not be counted as a model failure.
      if (!isProviderError(error)) throw error;
      cases.push({
        caseId: goldenCase.id,
        passed: false,
        reason: `provider error (${error.kind}): ${error.message}`,
        error: error.kind,
        latencyMs: now() - started,
        usage: NO_USAGE,
        costUsd: 0,
        priced: true,
      });
      continue;
    }
    const latencyMs = now() - started;
    // Your own table wins (negotiated or amortised prices); models it lacks keep the adapter's cost.
    const override = options.prices && costOf(model.provider, model.modelId, response.usage, options.prices);
    const cost = override?.priced ? override : response.cost;
    const grade = gradeAnswer(goldenCase, response.text);
    cases.push({
      caseId: goldenCase.id,
      passed: grade.passed,
      ...(grade.reason === undefined ? {} : { reason: grade.reason }),
      latencyMs,
      usage: response.usage,
      costUsd: cost.totalUsd,
      priced: cost.priced,
    });
  }

  const successes = cases.filter((c) => c.passed).length;
  // Every call is paid for, right or wrong: a cheap model that fails half the time costs
  // twice its per-call price per task that actually got done.
  const totalCostUsd = cases.reduce((sum, c) => sum + c.costUsd, 0);
  return {
    name: candidate.name,
    provider: candidate.provider ?? model.provider,
    modelId: model.modelId,
    hosting: candidate.hosting,
    contextWindow: model.capabilities.contextWindow,
    cases,
    total: cases.length,
    successes,
    successRate: successes / cases.length,
    latency: summariseLatencies(cases.map((c) => c.latencyMs)),
    tokens: cases.reduce(
      (sum, c) => ({
        inputTokens: sum.inputTokens + c.usage.inputTokens,
        outputTokens: sum.outputTokens + c.usage.outputTokens,
        totalTokens: sum.totalTokens + c.usage.totalTokens,
      }),
      NO_USAGE,
    ),
    totalCostUsd,
    costPerSuccessUsd: successes === 0 ? null : totalCostUsd / successes,
    priced: cases.every((c) => c.priced),
    errors: cases.filter((c) => c.error !== undefined).length,
  };
}

/** Evaluate several candidates one after another; names must be unique. */
export async function evaluateCandidates(
  candidates: readonly Candidate[],
  golden: readonly GoldenCase[],
  options: EvaluateOptions = {},
): Promise<CandidateReport[]> {
  if (candidates.length === 0) throw new Error('evaluateCandidates: no candidates');
  const names = new Set<string>();
  for (const { name } of candidates) {
    if (names.has(name)) throw new Error(`evaluateCandidates: duplicate candidate name "${name}"`);
    names.add(name);
  }
  const reports: CandidateReport[] = [];
  for (const candidate of candidates) reports.push(await evaluateCandidate(candidate, golden, options));
  return reports;
}
