import { RegressionError } from '../errors.ts';
import type { PromptRepository } from '../repository.ts';
import type { GoldenCase } from './golden.ts';
import { type RunOptions, runCases, type SuiteRun } from './run.ts';

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
  if (baseline.promptId !== candidate.promptId) {
    throw new Error(`cannot compare runs of different prompts: ${baseline.promptId} vs ${candidate.promptId}`);
  }
  const report: RegressionReport = {
    promptId: baseline.promptId,
    baseline: { version: baseline.version, hash: baseline.hash },
    candidate: { version: candidate.version, hash: candidate.hash },
    regressions: [],
    improvements: [],
    unchanged: [],
    failingOnBoth: [],
    passed: true,
  };
  for (const base of baseline.cases) {
    const cand = candidate.cases.find((c) => c.caseId === base.caseId);
    if (!cand) throw new Error(`case "${base.caseId}" is missing from the candidate run`);
    const change: CaseChange = { caseId: base.caseId, worse: [], better: [] };
    base.assertions.forEach((b, i) => {
      const c = cand.assertions[i];
      if (!c || c.name !== b.name) throw new Error(`case "${base.caseId}": assertions differ between runs`);
      if (b.passed && !c.passed) change.worse.push({ name: c.name, detail: c.detail });
      if (!b.passed && c.passed) change.better.push(c.name);
    });
    if (change.worse.length > 0) report.regressions.push(change);
    else if (change.better.length > 0) report.improvements.push(change);
    else report.unchanged.push(base.caseId);
    if (!base.passed && !cand.passed) report.failingOnBoth.push(base.caseId);
  }
  report.passed = report.regressions.length === 0;
  return report;
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
  if (report.passed) return;
  const ids = report.regressions.map((r) => r.caseId);
  throw new RegressionError(
    `${report.promptId}@${report.candidate.version} regressed ${ids.length} case(s) against ` +
      `${report.baseline.version}: ${ids.join(', ')}`,
    ids,
  );
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
  const baseline = await repository.resolve(promptId, options.baselineLabel ?? 'production');
  const candidate = repository.get(promptId, candidateVersion);
  const baseRun = await runCases(baseline, cases, options);
  const candRun = await runCases(candidate, cases, options);
  return compareRuns(baseRun, candRun);
}
