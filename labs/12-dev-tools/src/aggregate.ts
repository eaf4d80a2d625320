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
  const { low, high } = wilsonInterval(successes, total);
  return { value: total === 0 ? 0 : successes / total, low, high, successes, total };
}

/**
 * Aggregates a run into the report: pass rate (every scorer passed) with a Wilson interval,
 * pass@k for k = 1..trials, per-scorer pass rates and mean scores with bootstrap intervals,
 * errors, cost, tokens and latency. Mean scores resample *cases*, not trials: trials of one case
 * are correlated, and treating them as independent would make the interval too narrow.
 */
export function summarize(run: RunResult, options: SummarizeOptions = {}): EvalReport {
  const bootstrap = { samples: options.bootstrapSamples ?? 2000, seed: options.seed ?? 1 };
  const trials = run.cases.flatMap((c) => c.trials);
  const passing = trials.filter((t) => t.passed).length;

  const passAtKs: Record<string, number> = {};
  for (let k = 1; k <= run.trials; k++) {
    passAtKs[String(k)] = mean(run.cases.map((c) => passAtK(c.trials.length, c.passedTrials, k)));
  }

  const scorers = run.scorerNames.map((name) => {
    const passed = trials.filter((t) => t.scores[name]?.passed).length;
    const perCase = run.cases.map((c) => mean(c.trials.map((t) => t.scores[name]?.score ?? 0)));
    return { name, passRate: proportion(passed, trials.length), mean: meanEstimate(perCase, bootstrap) };
  });

  const latencies = trials.map((t) => t.latencyMs).sort((a, b) => a - b);
  return {
    version: REPORT_VERSION,
    name: run.name,
    startedAt: run.startedAt,
    datasetHash: run.datasetHash,
    caseCount: run.cases.length,
    trials: run.trials,
    passRate: proportion(passing, trials.length),
    passAtK: passAtKs,
    allTrialsPassRate: proportion(run.cases.filter((c) => c.passedTrials === c.trials.length).length, run.cases.length),
    scorers,
    errorCount: trials.filter((t) => t.error !== undefined).length,
    costUsd: trials.reduce((sum, t) => sum + t.costUsd, 0),
    totalTokens: trials.reduce((sum, t) => sum + (t.usage?.totalTokens ?? 0), 0),
    latencyMs: { p50: quantileSorted(latencies, 0.5) || 0, p95: quantileSorted(latencies, 0.95) || 0 },
    cases: run.cases,
  };
}

function meanEstimate(values: number[], bootstrap: { samples: number; seed: number }): MeanEstimate {
  if (values.length === 0) return { value: 0, low: 0, high: 0 };
  return { value: mean(values), ...bootstrapMeanInterval(values, bootstrap) };
}
