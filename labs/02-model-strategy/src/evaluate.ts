/**
 * The evaluator: run golden cases through a candidate, one trial at a time, until the acceptance
 * rule decides or the trials run out, and measure what the acceptance spec asks about: the
 * rule's conclusion, latency percentiles, tokens, and cost per *successful* task.
 * Given code: the same in the starter and the solution.
 */
import { latencyPercentiles, seededRandom, shuffled } from '@workshop/kit';
import { type ChatResponse, costOf, isProviderError, type PriceTable, type TokenUsage } from '@workshop/llm';
import { judgeEvidence } from './acceptance.ts';
import { buildTaskRequest, type GoldenCase, gradeAnswer } from './golden.ts';
import type { AcceptanceSpec } from './spec.ts';
import type { AcceptanceRule, Candidate, CandidateReport, CaseResult, SuccessConclusion } from './types.ts';

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
  /** The acceptance rule asked after every trial. Default: `judgeEvidence` from `src/acceptance.ts`. */
  rule?: AcceptanceRule;
  /**
   * Seed of the order the golden cases run in. A rule that stops early must not see the cases in
   * file order: a golden set grouped by category would show it one kind of ticket only. Default 1.
   */
  seed?: number;
}

/** What the evaluator needs from the spec: the bar and the budget. */
export type TrialSpec = Pick<AcceptanceSpec, 'minSuccessRate' | 'maxTrials'>;

/** The order the golden cases run in for `seed` (default 1): the same seed, the same order. */
export function trialOrder(golden: readonly GoldenCase[], seed = 1): GoldenCase[] {
  return shuffled(golden, seededRandom(seed));
}

const NO_USAGE: TokenUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
const CONCLUSION = { accept: 'accepted', reject: 'rejected' } as const;

/**
 * Run trials through one candidate, sequentially — concurrent calls would queue behind each other
 * and inflate the very latency being measured — asking the rule after each one. Each trial is a
 * different golden case; the trials end when the rule accepts or rejects, when the budget
 * (`spec.maxTrials`) is spent, or when the golden set has no case left.
 */
export async function evaluateCandidate(
  candidate: Candidate,
  golden: readonly GoldenCase[],
  spec: TrialSpec,
  options: EvaluateOptions = {},
): Promise<CandidateReport> {
  if (golden.length === 0) throw new Error('evaluateCandidate: the golden set is empty');
  const now = options.now ?? (() => performance.now());
  const rule = options.rule ?? judgeEvidence;
  const { model } = candidate;
  const limit =
    spec.maxTrials <= golden.length
      ? { trials: spec.maxTrials, by: 'budget' as const }
      : { trials: golden.length, by: 'golden set' as const };
  const order = trialOrder(golden, options.seed).slice(0, limit.trials);

  const cases: CaseResult[] = [];
  let successes = 0;
  let conclusion: SuccessConclusion = 'not proven';
  for (const goldenCase of order) {
    const result = await runTrial(candidate, goldenCase, now, options.prices);
    cases.push(result);
    if (result.passed) successes += 1;
    const verdict = rule({ trials: cases.length, successes }, spec.minSuccessRate);
    if (verdict === 'accept' || verdict === 'reject') {
      conclusion = CONCLUSION[verdict];
      break;
    }
    if (verdict !== 'continue') {
      throw new Error(
        `the acceptance rule returned ${JSON.stringify(verdict)} for ${successes} of ${cases.length}; expected accept, reject or continue`,
      );
    }
  }

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
    conclusion,
    limit,
    latency: latencyPercentiles(cases.map((c) => c.latencyMs)),
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

/** One trial: one golden case through the candidate, timed, graded and priced. */
async function runTrial(
  candidate: Candidate,
  goldenCase: GoldenCase,
  now: () => number,
  prices: PriceTable | undefined,
): Promise<CaseResult> {
  const { model } = candidate;
  const started = now();
  let response: ChatResponse;
  try {
    response = await model.generate(buildTaskRequest(goldenCase));
  } catch (error) {
    // A provider error is the candidate failing the task (and the user waiting for it);
    // anything else is a bug in this code and must not be counted as a model failure.
    if (!isProviderError(error)) throw error;
    return {
      caseId: goldenCase.id,
      passed: false,
      reason: `provider error (${error.kind}): ${error.message}`,
      error: error.kind,
      latencyMs: now() - started,
      usage: NO_USAGE,
      costUsd: 0,
      priced: true,
    };
  }
  const latencyMs = now() - started;
  // Your own table wins (negotiated or amortised prices); models it lacks keep the adapter's cost.
  const override = prices && costOf(model.provider, model.modelId, response.usage, prices);
  const cost = override?.priced ? override : response.cost;
  const grade = gradeAnswer(goldenCase, response.text);
  return {
    caseId: goldenCase.id,
    passed: grade.passed,
    ...(grade.reason === undefined ? {} : { reason: grade.reason }),
    latencyMs,
    usage: response.usage,
    costUsd: cost.totalUsd,
    priced: cost.priced,
  };
}

/** Evaluate several candidates one after another; names must be unique. */
export async function evaluateCandidates(
  candidates: readonly Candidate[],
  golden: readonly GoldenCase[],
  spec: TrialSpec,
  options: EvaluateOptions = {},
): Promise<CandidateReport[]> {
  if (candidates.length === 0) throw new Error('evaluateCandidates: no candidates');
  const names = new Set<string>();
  for (const { name } of candidates) {
    if (names.has(name)) throw new Error(`evaluateCandidates: duplicate candidate name "${name}"`);
    names.add(name);
  }
  const reports: CandidateReport[] = [];
  for (const candidate of candidates) reports.push(await evaluateCandidate(candidate, golden, spec, options));
  return reports;
}
