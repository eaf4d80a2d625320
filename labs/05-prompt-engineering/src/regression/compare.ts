import { RegressionError } from '../errors.ts';
import type { PromptRepository } from '../repository.ts';
import { REPEATS, regressed } from './flaky.ts';
import type { GoldenCase } from './golden.ts';
import { type RunOptions, runCases, type SuiteRun } from './run.ts';

/** How one assertion fared on both versions. */
export interface AssertionChange {
  /** The assertion's name. */
  name: string;
  /** Runs it passed on the baseline, of how many. */
  baseline: { passed: number; runs: number };
  /** Runs it passed on the candidate, of how many. */
  candidate: { passed: number; runs: number };
  /** Why it failed on the candidate (distinct reasons). */
  details: string[];
}

/** How one case changed between baseline and candidate. */
export interface CaseChange {
  /** Golden case id. */
  caseId: string;
  /** Assertions that got worse (by the rule in `flaky.ts`). */
  worse: AssertionChange[];
  /** Assertions that got better (the same rule, the other way round). */
  better: AssertionChange[];
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
  /** Cases where no assertion changed. */
  unchanged: string[];
  /** Model calls the comparison made (both versions). */
  calls: number;
  /** True when no case regressed. */
  passed: boolean;
}

/**
 * Compares two runs of the same golden cases, assertion by assertion, with `regressed` deciding
 * whether a pass rate fell. A case regresses when any of its assertions did, even if another
 * improved: trading one broken behaviour for a fixed one is a decision for a human.
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
    calls: 0,
    passed: true,
  };
  for (const base of baseline.cases) {
    const cand = candidate.cases.find((c) => c.caseId === base.caseId);
    if (!cand) throw new Error(`case "${base.caseId}" is missing from the candidate run`);
    report.calls += base.runs + cand.runs;
    const change: CaseChange = { caseId: base.caseId, worse: [], better: [] };
    base.assertions.forEach((b, i) => {
      const c = cand.assertions[i];
      if (!c || c.name !== b.name) throw new Error(`case "${base.caseId}": assertions differ between runs`);
      const counts = {
        name: b.name,
        baseline: { passed: b.passed, runs: b.runs },
        candidate: { passed: c.passed, runs: c.runs },
      };
      if (regressed(counts.baseline, counts.candidate)) change.worse.push({ ...counts, details: c.details });
      else if (regressed(counts.candidate, counts.baseline)) change.better.push({ ...counts, details: [] });
    });
    if (change.worse.length > 0) report.regressions.push(change);
    else if (change.better.length > 0) report.improvements.push(change);
    else report.unchanged.push(base.caseId);
  }
  report.passed = report.regressions.length === 0;
  return report;
}

const rate = (t: { passed: number; runs: number }) => `${t.passed}/${t.runs}`;

/** The report as Markdown, for a CI log or a pull-request comment. */
export function formatReport(report: RegressionReport): string {
  const lines = [
    `## ${report.promptId}: ${report.candidate.version} vs ${report.baseline.version} — ${report.passed ? 'PASS' : 'FAIL'}`,
    '',
    `${report.regressions.length} regressed, ${report.improvements.length} improved, ${report.unchanged.length} unchanged (${report.calls} model calls)`,
  ];
  if (report.regressions.length > 0) lines.push('', '### Got worse');
  for (const r of report.regressions) {
    for (const w of r.worse) {
      const why = w.details.length > 0 ? ` — ${w.details.join('; ')}` : '';
      lines.push(`- ${r.caseId}: ${w.name}: ${rate(w.baseline)} → ${rate(w.candidate)}${why}`);
    }
  }
  if (report.improvements.length > 0) lines.push('', '### Got better');
  for (const r of report.improvements) {
    for (const b of r.better) lines.push(`- ${r.caseId}: ${b.name}: ${rate(b.baseline)} → ${rate(b.candidate)}`);
  }
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
 * Runs the golden cases `REPEATS` times on the version `baselineLabel` (default `production`)
 * points at, then on the candidate, and compares them.
 */
export async function checkCandidate(
  repository: PromptRepository,
  promptId: string,
  candidateVersion: string,
  cases: GoldenCase[],
  options: Omit<RunOptions, 'repeats'> & { baselineLabel?: string },
): Promise<RegressionReport> {
  const baseline = await repository.resolve(promptId, options.baselineLabel ?? 'production');
  const candidate = repository.get(promptId, candidateVersion);
  const run = { ...options, repeats: REPEATS };
  const baseRun = await runCases(baseline, cases, run);
  const candRun = await runCases(candidate, cases, run);
  return compareRuns(baseRun, candRun);
}
