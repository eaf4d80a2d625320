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
  // TODO: validate: minPassRate, maxDrop and every minScorerPassRate must be in [0, 1]
  //       (EvalConfigError naming the field, e.g. "minPassRate must be between 0 and 1, got 80").
  // TODO: thresholds → reasons, formatted with pct():
  //       `pass rate 50.0% (3/6) is below the minimum 80.0%`
  //       `scorer "judge" pass rate 50.0% is below the minimum 60.0%` (a threshold for a scorer the
  //       report lacks is a reason too).
  // TODO: with a baseline (maxDrop defaults to 0): a drop of the overall pass rate, or of a scorer's pass rate,
  //       larger than maxDrop → `pass rate fell from 60.0% to 50.0% (allowed drop 5.0%)` /
  //       `scorer "x" fell from … to …`.
  // TODO: regressedCases = ids of cases that passed EVERY trial in the baseline and not now (cases in both).
  //       When the gate fails, add a reason `newly failing: a, b, c` (at most 5 ids, then "and N more").
  // TODO: return { ok: reasons.length === 0, reasons, regressedCases }.
  void report;
  void policy;
  void pct;
  void EvalConfigError;
  throw new Error('TODO: evaluateGate — thresholds and regressions against the baseline (DoD-7)');
}

/** The gate's verdict as the one line CI shows. */
export function formatGate(result: GateResult): string {
  return result.ok ? 'gate passed' : `gate failed: ${result.reasons.join('; ')}`;
}
