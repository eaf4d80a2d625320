/**
 * The eval harness's data model: a dataset of cases, a target that answers them, scorers
 * that grade each answer, and the raw results of a run. Interfaces only.
 */
import type { Cost, TokenUsage } from '@workshop/llm';
import type { z } from 'zod';

/** One row of a dataset. */
export interface EvalCase<Input = unknown, Expected = unknown> {
  /** Unique id within the dataset; baselines match cases by it. */
  id: string;
  /** What the target receives. */
  input: Input;
  /** The reference answer scorers compare with, when the case has one. */
  expected?: Expected;
  /** Free labels (`billing`, `de`, `hard`) for slicing results. */
  tags?: string[];
}

/** What a target returns when it has more to say than the output text. */
export interface TargetOutput {
  /** The text that scorers grade. */
  output: string;
  /** Tokens the target spent (model-backed targets). */
  usage?: TokenUsage;
  /** What the call cost. */
  cost?: Cost;
  /** Anything worth keeping in the report: prompt version and hash, model id… */
  meta?: Record<string, unknown>;
}

/** What the runner tells a target about the current call. */
export interface TargetContext {
  /** 0-based trial number of this case (repeated trials for non-deterministic targets). */
  trial: number;
  /** Aborted when the run is cancelled. */
  signal?: AbortSignal;
}

/** The thing under evaluation: a prompt and a model, a RAG pipeline, an agent — any async function. */
export type Target<Input = unknown> = (input: Input, context: TargetContext) => Promise<string | TargetOutput>;

/** What a scorer grades. */
export interface ScoreInput<Input = unknown, Expected = unknown> {
  /** The dataset row (its `expected` is the reference). */
  case: EvalCase<Input, Expected>;
  /** The target's output text. */
  output: string;
}

/** One scorer's verdict on one output. */
export interface Score {
  /** Graded value: 0..1 for most scorers (cosine similarity for the embedding scorer). */
  score: number;
  /** Whether the output meets the scorer's bar. */
  passed: boolean;
  /** Why it failed, or what the scorer saw; empty when there is nothing to say. */
  detail: string;
}

/** Grades outputs. Scorers never see other scorers' results. */
export interface Scorer<Input = unknown, Expected = unknown> {
  /** Unique within a run; the report's columns and the gate's per-scorer thresholds use it. */
  readonly name: string;
  /** Grade one output. A throw is recorded as a failed score, never as a pass. */
  score(input: ScoreInput<Input, Expected>): Promise<Score>;
}

/** One call of the target on one case, with its scores. */
export interface TrialResult {
  /** 0-based trial number. */
  trial: number;
  /** The output text (empty when the target failed). */
  output: string;
  /** The target's error message, when it threw. */
  error?: string;
  /** Scores by scorer name. */
  scores: Record<string, Score>;
  /** True when the target answered and every scorer passed. */
  passed: boolean;
  /** Wall time of the target call in milliseconds. */
  latencyMs: number;
  /** Tokens spent, when the target reported them. */
  usage?: TokenUsage;
  /** Cost in USD, 0 when the target reported none. */
  costUsd: number;
  /** The target's metadata, when it returned some. */
  meta?: Record<string, unknown>;
}

/** All trials of one case. */
export interface CaseResult {
  /** The case id. */
  id: string;
  /** The case's tags. */
  tags: string[];
  /** One result per trial, in trial order. */
  trials: TrialResult[];
  /** How many trials passed (the `c` of pass@k). */
  passedTrials: number;
}

/** The raw outcome of `runEval`, before aggregation. */
export interface RunResult {
  /** Name of the evaluation (suite). */
  name: string;
  /** Trials per case (the `n` of pass@k). */
  trials: number;
  /** Scorer names, in the order given. */
  scorerNames: string[];
  /** One result per case, in dataset order (not completion order). */
  cases: CaseResult[];
  /** When the run started (ISO 8601). */
  startedAt: string;
  /** `datasetHash(cases)`: which dataset the run measured, so a baseline on another one is refused. */
  datasetHash: string;
}

/**
 * What a suite module (`--suite file.ts` for the CLI) exports as default: everything about an
 * evaluation except the data, so the same suite runs on a smoke set in CI and the full set nightly.
 */
export interface EvalSuite<Input = unknown, Expected = unknown> {
  /** Shown in reports. */
  name: string;
  /** zod schema of one dataset row (build it with `caseSchema`). */
  schema: z.ZodType<EvalCase<Input, Expected>>;
  /** The target under evaluation. */
  target: Target<Input>;
  /** The scorers. */
  scorers: Scorer<Input, Expected>[];
}

/** One case's results in the saved baseline and in the candidate run, matched by case id. */
export interface PairedCase {
  /** The case id. */
  id: string;
  /** Passing trials and trials of this case in the baseline. */
  baseline: { passed: number; trials: number };
  /** Passing trials and trials of this case in the candidate. */
  candidate: { passed: number; trials: number };
}

/** Whether a candidate is worse than its baseline, and the one line a reviewer reads. */
export interface RegressionVerdict {
  /** True blocks the merge. */
  regressed: boolean;
  /** One line with the evidence, e.g. how many cases got worse and better and how sure that is. */
  detail: string;
}
