import type { CaseResult, EvalReport, RunResult, Score, TrialResult } from '@lab/index.ts';

/** The dataset hash the hand-made run and report carry. */
export const HAND_MADE_HASH = 'f'.repeat(64);

const score = (value: number, passed: boolean, detail = ''): Score => ({ score: value, passed, detail });

function trial(n: number, exact: Score, judge: Score, extra: Partial<TrialResult> = {}): TrialResult {
  return {
    trial: n,
    output: `output ${n}`,
    scores: { exact, judge },
    passed: exact.passed && judge.passed,
    latencyMs: 100 * (n + 1),
    costUsd: 0.001,
    usage: { inputTokens: 40, outputTokens: 10, totalTokens: 50 },
    ...extra,
  };
}

function caseResult(id: string, trials: TrialResult[]): CaseResult {
  return { id, tags: [], trials, passedTrials: trials.filter((t) => t.passed).length };
}

/**
 * A hand-made run: 3 cases × 2 trials, scorers `exact` and `judge`.
 *
 * | case    | trial 0                | trial 1                     | passed |
 * | ------- | ---------------------- | --------------------------- | ------ |
 * | always  | exact 1, judge 1       | exact 1, judge 0.75         | 2/2    |
 * | flaky   | exact 1, judge 1       | exact 0, judge 0.5 (fails)  | 1/2    |
 * | never   | target error           | exact 0, judge 0 (XSS text) | 0/2    |
 */
export function handMadeRun(): RunResult {
  return {
    name: 'support <reply> eval',
    trials: 2,
    scorerNames: ['exact', 'judge'],
    startedAt: '2025-03-01T09:00:00.000Z',
    datasetHash: HAND_MADE_HASH,
    cases: [
      caseResult('always', [trial(0, score(1, true), score(1, true)), trial(1, score(1, true), score(0.75, true))]),
      caseResult('flaky', [
        trial(0, score(1, true), score(1, true)),
        trial(1, score(0, false, 'expected "shipping"'), score(0.5, false, 'judge 3/5')),
      ]),
      caseResult('never', [
        trial(0, score(0, false, 'target error'), score(0, false, 'target error'), {
          output: '',
          error: 'upstream 503',
          costUsd: 0,
        }),
        trial(1, score(0, false, 'no'), score(0, false, 'judge 1/5'), {
          output: '<img src=x onerror=alert(1)>',
        }),
      ]),
    ],
  };
}

/**
 * The report of `handMadeRun()`, written out by hand (so the gate's tests do not depend on
 * `summarize`): pass rate 3/6, both scorers 3/6, only `always` passed every trial.
 */
export function handMadeReport(): EvalReport {
  const half = { value: 0.5, low: 0.1876, high: 0.8124, successes: 3, total: 6 };
  return {
    version: 2,
    name: 'support <reply> eval',
    startedAt: '2025-03-01T09:00:00.000Z',
    datasetHash: HAND_MADE_HASH,
    caseCount: 3,
    trials: 2,
    passRate: half,
    passAtK: { '1': 0.5, '2': 2 / 3 },
    allTrialsPassRate: { value: 1 / 3, low: 0.0615, high: 0.7923, successes: 1, total: 3 },
    scorers: [
      { name: 'exact', passRate: half, mean: { value: 0.5, low: 0, high: 1 } },
      { name: 'judge', passRate: half, mean: { value: 1.625 / 3, low: 0, high: 0.875 } },
    ],
    errorCount: 1,
    costUsd: 0.005,
    totalTokens: 300,
    latencyMs: { p50: 150, p95: 200 },
    cases: handMadeRun().cases,
  };
}

/**
 * A report of `passed.length` cases with one trial each, on dataset `hash`: the gate's tests
 * build a baseline and a candidate from two such lists.
 */
export function reportOfCases(passed: readonly boolean[], hash = HAND_MADE_HASH): EvalReport {
  const cases = passed.map((ok, i) =>
    caseResult(`case-${i}`, [trial(0, score(ok ? 1 : 0, ok), score(ok ? 1 : 0, ok))]),
  );
  const successes = passed.filter(Boolean).length;
  const rate = { value: successes / passed.length, low: 0, high: 1, successes, total: passed.length };
  return {
    ...handMadeReport(),
    datasetHash: hash,
    caseCount: passed.length,
    trials: 1,
    passRate: rate,
    passAtK: { '1': rate.value },
    allTrialsPassRate: rate,
    scorers: [
      { name: 'exact', passRate: rate, mean: { value: rate.value, low: 0, high: 1 } },
      { name: 'judge', passRate: rate, mean: { value: rate.value, low: 0, high: 1 } },
    ],
    cases,
  };
}
