import { EvalConfigError } from './errors.ts';
import type { EvalReport } from './report/json.ts';

/** What the CI gate checks. Every field is optional; an empty policy always passes. */
export interface GatePolicy {
  /** Fail when the overall pass rate is below this (0..1). */
  minPassRate?: number;
  /** Fail when a scorer's pass rate is below its threshold, by scorer name. */
  minScorerPassRate?: Record<string, number>;
  /** The saved report to compare with (usually the main branch's). */
  baseline?: EvalReport;
  /**
   * How far the pass rate (overall and per scorer) may fall below the baseline's before it is a
   * regression, in absolute points (0.05 = five percentage points). Default 0.
   */
  maxDrop?: number;
}

/** The gate's decision. */
export interface GateResult {
  /** True when every check passed: exit code 0. */
  ok: boolean;
  /** One line per failed check, most important first. */
  reasons: string[];
  /** Ids of cases that passed every trial in the baseline and do not now. */
  regressedCases: string[];
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/**
 * Decides whether a report may ship: thresholds first, then regressions against the baseline
 * (overall pass rate, each scorer's pass rate, and the cases that went from passing to failing,
 * named so the reviewer knows where to look). Pure: the CLI turns the result into an exit code.
 */
export function evaluateGate(report: EvalReport, policy: GatePolicy): GateResult {
  const maxDrop = policy.maxDrop ?? 0;
  for (const [field, value] of [
    ['minPassRate', policy.minPassRate],
    ['maxDrop', policy.maxDrop],
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

  const regressedCases: string[] = [];
  const baseline = policy.baseline;
  if (baseline) {
    const drop = baseline.passRate.value - p.value;
    if (drop > maxDrop + 1e-12) {
      reasons.push(
        `pass rate fell from ${pct(baseline.passRate.value)} to ${pct(p.value)} (allowed drop ${pct(maxDrop)})`,
      );
    }
    for (const before of baseline.scorers) {
      const now = report.scorers.find((s) => s.name === before.name);
      if (now && before.passRate.value - now.passRate.value > maxDrop + 1e-12) {
        reasons.push(`scorer "${before.name}" fell from ${pct(before.passRate.value)} to ${pct(now.passRate.value)}`);
      }
    }
    const current = new Map(report.cases.map((c) => [c.id, c]));
    for (const before of baseline.cases) {
      const now = current.get(before.id);
      if (now && before.passedTrials === before.trials.length && now.passedTrials < now.trials.length) {
        regressedCases.push(before.id);
      }
    }
    if (regressedCases.length > 0 && reasons.length > 0) {
      const shown = regressedCases.slice(0, 5).join(', ');
      const more = regressedCases.length > 5 ? ` and ${regressedCases.length - 5} more` : '';
      reasons.push(`newly failing: ${shown}${more}`);
    }
  }
  return { ok: reasons.length === 0, reasons, regressedCases };
}

/** The gate's verdict as the one line CI shows. */
export function formatGate(result: GateResult): string {
  return result.ok ? 'gate passed' : `gate failed: ${result.reasons.join('; ')}`;
}
