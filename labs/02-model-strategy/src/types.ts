/**
 * The shapes that flow through the lab: evidence → rule verdict; candidate → report
 * (measurements) → verdict (criteria checked) → decision → record. Provided complete; read it first.
 */
import type { ChatModel, ProviderErrorKind, TokenUsage } from '@workshop/llm';

/** What an acceptance rule sees after each trial: how many trials ran, and how many of them succeeded. */
export interface Evidence {
  /** Trials so far (at least 1 when a rule is asked). */
  trials: number;
  /** Trials that succeeded, between 0 and `trials`. */
  successes: number;
}

/**
 * What an acceptance rule says after a trial: the evidence shows the candidate meets the bar
 * (`accept`), shows it does not (`reject`), or is not enough yet (`continue`: run another trial).
 */
export type RuleVerdict = 'accept' | 'reject' | 'continue';

/**
 * An acceptance rule: a pure function of the evidence and the bar (the minimum true success rate).
 * It never sees the budget: when the budget runs out while it still says `continue`, the
 * candidate is not proven, which is not accepted.
 */
export type AcceptanceRule = (evidence: Evidence, bar: number) => RuleVerdict;

/**
 * How the success rate of a candidate was settled: the rule accepted or rejected it, or the
 * trials ran out (the per-candidate budget, or the golden set) while the rule still wanted more.
 */
export type SuccessConclusion = 'accepted' | 'rejected' | 'not proven';

/** Where a candidate runs, which decides whether prompts leave the company. */
export type Hosting = 'self-hosted' | 'external';

/** A model under consideration. */
export interface Candidate {
  /** Unique name used in reports and the decision record, e.g. `gpt-4o-mini` or `llama-8b on vLLM`. */
  name: string;
  /** The model, through `@workshop/llm`; the evaluator only calls `generate()`. */
  model: ChatModel;
  /** `self-hosted` keeps data on company infrastructure; `external` sends it to a vendor. */
  hosting: Hosting;
  /**
   * Who operates the endpoint, checked against `allowedProviders`. Defaults to
   * `model.provider` — set it when the adapter id names a protocol rather than a vendor
   * (an OpenAI-compatible vLLM server is `openai` to the adapter but `vllm` to procurement).
   */
  provider?: string;
}

/** The outcome of one golden case for one candidate. */
export interface CaseResult {
  /** The golden case's id. */
  caseId: string;
  /** Whether the answer was right. A provider error is a failure. */
  passed: boolean;
  /** Why it failed (wrong field, invalid JSON, provider error); absent when it passed. */
  reason?: string;
  /** The provider error's kind when the call ended in an error instead of an answer. */
  error?: ProviderErrorKind;
  /** Measured wall time of the call in ms, failures included: users wait for those too. */
  latencyMs: number;
  /** Tokens the provider reported; zero when the call failed without an answer. */
  usage: TokenUsage;
  /** What the call cost in USD; zero when it failed without an answer. */
  costUsd: number;
  /** False when the model is not in the price table, so `costUsd` is not a real figure. */
  priced: boolean;
}

/** p50 / p95 / p99 of a list of latencies, nearest-rank, in ms. */
export interface LatencySummary {
  /** Median: half of the calls were at least this fast. */
  p50: number;
  /** 95 % of the calls were at least this fast. */
  p95: number;
  /** 99 % of the calls were at least this fast. */
  p99: number;
}

/** Everything measured for one candidate over the golden set. */
export interface CandidateReport {
  /** `Candidate.name`. */
  name: string;
  /** Provider checked against the spec (`Candidate.provider` or `model.provider`). */
  provider: string;
  /** `model.modelId`. */
  modelId: string;
  /** `Candidate.hosting`. */
  hosting: Hosting;
  /** `model.capabilities.contextWindow`; undefined when the model does not say. */
  contextWindow: number | undefined;
  /** One result per trial, in the order they ran (golden cases in a seeded random order). */
  cases: CaseResult[];
  /** Number of trials run: each is one golden case, never the same case twice. */
  total: number;
  /** Number of trials answered correctly. */
  successes: number;
  /** `successes / total`, between 0 and 1: a point estimate, not a proof. */
  successRate: number;
  /** What the acceptance rule concluded from `successes` of `total`. */
  conclusion: SuccessConclusion;
  /** How many trials the candidate was allowed, and what set that limit: the budget or the golden set's size. */
  limit: { trials: number; by: 'budget' | 'golden set' };
  /** Percentiles of the measured latencies of all cases. */
  latency: LatencySummary;
  /** Tokens summed over all cases. */
  tokens: TokenUsage;
  /** Spend over all cases, failed ones included, in USD. */
  totalCostUsd: number;
  /** `totalCostUsd / successes`: what one *successful* task really costs; null when nothing succeeded. */
  costPerSuccessUsd: number | null;
  /** False when any call could not be priced: then no cost figure can be trusted. */
  priced: boolean;
  /** Number of cases that ended in a provider error rather than an answer. */
  errors: number;
}

/** The six acceptance criteria, in the order every report lists them. */
export const CRITERIA = [
  { id: 'successRate', label: 'Success rate' },
  { id: 'p95Latency', label: 'p95 latency' },
  { id: 'costPerSuccess', label: 'Cost per successful task' },
  { id: 'contextWindow', label: 'Context window' },
  { id: 'privacy', label: 'Privacy' },
  { id: 'provider', label: 'Provider' },
] as const;

/** Id of an acceptance criterion. */
export type CriterionId = (typeof CRITERIA)[number]['id'];

/** One criterion checked against one candidate's report. */
export interface CriterionResult {
  /** Which criterion. */
  id: CriterionId;
  /** Its label from `CRITERIA`. */
  label: string;
  /** What the spec requires, formatted for people, e.g. `≥ 90.0% (proven)`. */
  required: string;
  /** What was measured, formatted for people, e.g. `not proven: 11/12 (95% CI 64.6–98.5%)`. */
  measured: string;
  /** Whether the measured value meets the requirement. */
  pass: boolean;
  /**
   * How far off a failing value is, relative to the requirement (0.25 = 25 % off);
   * 0 when it passes; `Infinity` for a miss no tuning can fix (privacy, provider) or an unknown value.
   */
  shortfall: number;
}

/** A candidate's report with every criterion checked. */
export interface CandidateVerdict {
  /** The candidate's name. */
  name: string;
  /** Its measurements. */
  report: CandidateReport;
  /** One result per criterion, in `CRITERIA` order. */
  criteria: CriterionResult[];
  /** True when every criterion passes. */
  passesAll: boolean;
}

/** A candidate that was not chosen, and why. */
export interface RunnerUp {
  /** The candidate's name. */
  name: string;
  /** One line: the criteria it failed with their values, or what made the chosen one better. */
  reason: string;
}

/** The outcome of comparing candidates against a spec. */
export interface Decision {
  /** The task from the spec. */
  task: string;
  /** Every candidate, ranked: passing ones cheapest first, then failing ones closest first. */
  verdicts: CandidateVerdict[];
  /** Name of the cheapest candidate that passes everything; null when none does. */
  chosen: string | null;
  /** Every other candidate in ranked order with the reason it lost. */
  runnersUp: RunnerUp[];
  /** When nothing passes: the candidate that came closest. Null when one was chosen. */
  closestMiss: string | null;
}
