import { type EvalReport, type MeanEstimate, type Proportion, REPORT_VERSION } from './report/json.ts';
import { bootstrapMeanInterval, mean, passAtK, quantileSorted, wilsonInterval } from './stats.ts';
import type { RunResult } from './types.ts';

/** Options of `summarize`. */
export interface SummarizeOptions {
  /** Bootstrap resamples. Default 2000. */
  bootstrapSamples?: number;
  /** Bootstrap seed: the same run always gives the same report. Default 1. */
  seed?: number;
}

/** A proportion with its Wilson interval. */
export function proportion(successes: number, total: number): Proportion {
  // TODO: { value: successes / total (0 when total is 0), ...wilsonInterval(successes, total), successes, total }.
  void successes;
  void total;
  void wilsonInterval;
  throw new Error('TODO: proportion — a share with its Wilson interval (DoD-6)');
}

/**
 * Aggregates a run into the report: pass rate (every scorer passed) with a Wilson interval,
 * pass@k for k = 1..trials, per-scorer pass rates and mean scores with bootstrap intervals,
 * errors, cost, tokens and latency. Mean scores resample *cases*, not trials: trials of one case
 * are correlated, and treating them as independent would make the interval too narrow.
 */
export function summarize(run: RunResult, options: SummarizeOptions = {}): EvalReport {
  const bootstrap = { samples: options.bootstrapSamples ?? 2000, seed: options.seed ?? 1 };
  // TODO: trials = every TrialResult of every case. passRate = proportion(trials that passed, trials.length).
  // TODO: passAtK: for k = 1..run.trials, key String(k) → mean over cases of passAtK(case trials, passedTrials, k).
  // TODO: allTrialsPassRate = proportion(cases whose passedTrials equals their trial count, cases).
  // TODO: per scorer name (run.scorerNames order): passRate = proportion(trials whose scores[name].passed, trials);
  //       mean = meanEstimate(one value per CASE: the mean of that case's scores[name].score, bootstrap).
  // TODO: errorCount (trials with an error), costUsd (sum), totalTokens (sum of usage.totalTokens),
  //       latencyMs { p50, p95 } with quantileSorted on the sorted latencies, and `cases: run.cases`.
  // TODO: return them with version: REPORT_VERSION, name, startedAt, caseCount, trials.
  void run;
  void bootstrap;
  void REPORT_VERSION;
  void passAtK;
  void quantileSorted;
  void meanEstimate;
  throw new Error('TODO: summarize — aggregate the run into the report (DoD-6)');
}

function meanEstimate(values: number[], bootstrap: { samples: number; seed: number }): MeanEstimate {
  if (values.length === 0) return { value: 0, low: 0, high: 0 };
  return { value: mean(values), ...bootstrapMeanInterval(values, bootstrap) };
}
