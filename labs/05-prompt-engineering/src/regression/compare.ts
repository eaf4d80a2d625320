import type { PromptRepository } from '../repository.ts';
import type { GoldenCase } from './golden.ts';
import type { RunOptions, SuiteRun } from './run.ts';

// TODO: add the imports your code needs, e.g.:
//   import { RegressionError } from '../errors.ts';
//   import { runCases } from './run.ts';

/** How one case changed between baseline and candidate. */
export interface CaseChange {
  /** Golden case id. */
  caseId: string;
  /** Assertions that passed on the baseline and fail on the candidate, with the candidate's detail. */
  worse: { name: string; detail: string }[];
  /** Assertions that failed on the baseline and pass on the candidate. */
  better: string[];
}

/** The comparison of a candidate version against the baseline on the same golden cases. */
export interface RegressionReport {
  /** Prompt id. */
  promptId: string;
  /** Baseline version and hash (usually what `production` points at). */
  baseline: { version: string; hash: string };
  /** Candidate version and hash. */
  candidate: { version: string; hash: string };
  /** Cases with at least one assertion that got worse. Non-empty means the check fails. */
  regressions: CaseChange[];
  /** Cases that got better and none worse. */
  improvements: CaseChange[];
  /** Cases whose assertions all kept their outcome. */
  unchanged: string[];
  /** Cases that fail on both versions (known failures; not regressions, but worth fixing). */
  failingOnBoth: string[];
  /** True when no case regressed. */
  passed: boolean;
}

/**
 * Compares two runs of the same golden cases, assertion by assertion. A case regresses when
 * any assertion that passed on the baseline fails on the candidate — even if another
 * assertion improved: trading one broken behaviour for a fixed one is a decision for a human,
 * not something a score average should hide.
 */
export function compareRuns(baseline: SuiteRun, candidate: SuiteRun): RegressionReport {
  // TODO: compare the runs case by case (match by caseId) and assertion by assertion (same index,
  // same name; throw if a case is missing or the assertions differ).
  //   worse  = assertions that passed on the baseline and fail on the candidate ({ name, detail } of the candidate)
  //   better = assertions that failed on the baseline and pass on the candidate (names)
  // A case with any `worse` goes to regressions; else with any `better` to improvements; else to unchanged.
  // A case that fails on both runs is also listed in failingOnBoth. passed = no regressions.
  throw new Error(`TODO: compareRuns(${baseline.version} vs ${candidate.version}) — find the cases that got worse`);
}

/** The report as Markdown, for a CI log or a pull-request comment. */
export function formatReport(report: RegressionReport): string {
  const lines = [
    `## ${report.promptId}: ${report.candidate.version} vs ${report.baseline.version} — ${report.passed ? 'PASS' : 'FAIL'}`,
    '',
    `${report.regressions.length} regressed, ${report.improvements.length} improved, ${report.unchanged.length} unchanged` +
      (report.failingOnBoth.length > 0 ? `, failing on both: ${report.failingOnBoth.join(', ')}` : ''),
  ];
  if (report.regressions.length > 0) lines.push('', '### Got worse');
  for (const r of report.regressions) {
    for (const w of r.worse) lines.push(`- ${r.caseId}: ${w.name} — ${w.detail}`);
  }
  if (report.improvements.length > 0) lines.push('', '### Got better');
  for (const r of report.improvements) lines.push(`- ${r.caseId}: ${r.better.join('; ')}`);
  return lines.join('\n');
}

/** Throws a `RegressionError` naming every case that got worse; the CI gate. */
export function assertNoRegressions(report: RegressionReport): void {
  // TODO: when !report.passed, throw new RegressionError(message, caseIds) whose one-line message names
  // the prompt, both versions and every regressed case id.
  throw new Error(`TODO: assertNoRegressions(${report.promptId}) — fail the check when any case regressed`);
}

/**
 * Runs the golden cases on the version `baselineLabel` (default `production`) points at and on
 * the candidate, and compares them. Baseline first, then candidate.
 */
export async function checkCandidate(
  repository: PromptRepository,
  promptId: string,
  candidateVersion: string,
  cases: GoldenCase[],
  options: RunOptions & { baselineLabel?: string },
): Promise<RegressionReport> {
  // TODO: baseline = await repository.resolve(promptId, options.baselineLabel ?? 'production');
  // candidate = repository.get(promptId, candidateVersion); run the cases on the baseline FIRST, then on
  // the candidate, with `runCases(prompt, cases, options)`, and return compareRuns(baselineRun, candidateRun).
  throw new Error(
    `TODO: checkCandidate(${promptId}@${candidateVersion} vs label ${options.baselineLabel ?? 'production'}, ${cases.length} cases, ${repository.ids().length} prompts) — run the baseline and the candidate, then compare`,
  );
}
