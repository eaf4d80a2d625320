import { EvalConfigError } from './errors.ts';
import { compareWithBaseline } from './regression.ts';
import type { EvalReport } from './report/json.ts';
import type { PairedCase, RegressionVerdict } from './types.ts';

/** What the CI gate checks. Every field is optional; an empty policy always passes. */
export interface GatePolicy {
  /** Fail when the overall pass rate is below this (0..1). */
  minPassRate?: number;
  /** Fail when a scorer's pass rate is below its threshold, by scorer name. */
  minScorerPassRate?: Record<string, number>;
  /** The saved report to compare with (usually the main branch's), on the same dataset. */
  baseline?: EvalReport;
}

/** The gate's decision. */
export interface GateResult {
  /** True when every check passed: exit code 0. */
  ok: boolean;
  /** One line per failed check, most important first. */
  reasons: string[];
  /** Ids of cases that passed every trial in the baseline and do not now. */
  regressedCases: string[];
  /** The comparison with the baseline (`compareWithBaseline`), when there is one. */
  comparison?: RegressionVerdict;
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const short = (hash: string) => hash.slice(0, 12);

/**
 * The cases of a report and its baseline, paired by id. The dataset hashes are equal by then, so
 * a case missing on one side means a report was edited by hand: refused rather than guessed at.
 */
export function pairCases(baseline: EvalReport, report: EvalReport): PairedCase[] {
  const before = new Map(baseline.cases.map((c) => [c.id, c]));
  if (before.size !== report.cases.length || report.cases.some((c) => !before.has(c.id))) {
    throw new EvalConfigError('the report and its baseline hold different case ids under the same dataset hash');
  }
  return report.cases.map((now) => {
    const then = before.get(now.id) as (typeof baseline.cases)[number];
    return {
      id: now.id,
      baseline: { passed: then.passedTrials, trials: then.trials.length },
      candidate: { passed: now.passedTrials, trials: now.trials.length },
    };
  });
}

/**
 * Decides whether a report may ship: thresholds first, then the comparison with the baseline,
 * decided by `compareWithBaseline` on the cases paired by id. A baseline built on another dataset
 * is refused (an `EvalConfigError`: the CLI exits 2), because its figures measure something else.
 * Pure: the CLI turns the result into an exit code.
 */
export function evaluateGate(report: EvalReport, policy: GatePolicy): GateResult {
  for (const [field, value] of [
    ['minPassRate', policy.minPassRate],
    ...Object.entries(policy.minScorerPassRate ?? {}).map(([name, v]) => [`minScorerPassRate.${name}`, v] as const),
  ] as const) {
    if (value !== undefined && !(value >= 0 && value <= 1)) {
      throw new EvalConfigError(`${field} must be between 0 and 1, got ${value}`);
    }
  }
  const reasons: string[] = [];
  const p = report.passRate;
  if (policy.minPassRate !== undefined && p.value < policy.minPassRate) {
    reasons.push(
      `pass rate ${pct(p.value)} (${p.successes}/${p.total}) is below the minimum ${pct(policy.minPassRate)}`,
    );
  }
  for (const [name, min] of Object.entries(policy.minScorerPassRate ?? {})) {
    const scorer = report.scorers.find((s) => s.name === name);
    if (!scorer) {
      reasons.push(`scorer "${name}" has a threshold but is not in the report`);
    } else if (scorer.passRate.value < min) {
      reasons.push(`scorer "${name}" pass rate ${pct(scorer.passRate.value)} is below the minimum ${pct(min)}`);
    }
  }

  const baseline = policy.baseline;
  if (!baseline) return { ok: reasons.length === 0, reasons, regressedCases: [] };
  if (baseline.datasetHash !== report.datasetHash) {
    throw new EvalConfigError(
      `the baseline was built on dataset ${short(baseline.datasetHash)}, this report on ${short(report.datasetHash)}: ` +
        'rebuild the baseline on this dataset before comparing',
    );
  }
  const pairs = pairCases(baseline, report);
  const comparison = compareWithBaseline(pairs);
  if (comparison.regressed) reasons.push(`worse than the baseline: ${comparison.detail}`);
  const regressedCases = pairs
    .filter((c) => c.baseline.passed === c.baseline.trials && c.candidate.passed < c.candidate.trials)
    .map((c) => c.id);
  // Case churn is listed only when the gate fails: a flaky case flipping is not news on its own.
  if (regressedCases.length > 0 && reasons.length > 0) {
    const more = regressedCases.length > 5 ? ` and ${regressedCases.length - 5} more` : '';
    reasons.push(`newly failing: ${regressedCases.slice(0, 5).join(', ')}${more}`);
  }
  return { ok: reasons.length === 0, reasons, regressedCases, comparison };
}

/** The gate's verdict as the one line CI shows. */
export function formatGate(result: GateResult): string {
  return result.ok ? 'gate passed' : `gate failed: ${result.reasons.join('; ')}`;
}
