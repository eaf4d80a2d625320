/**
 * Simulated golden suites with known pass rates per assertion (`fixtures/suites.{dev,test}.jsonl`,
 * declared in `lab.yaml`), and how a regression rule is scored on them. Each check runs every
 * case `repeats` times on both versions, as `checkCandidate` does, and asks the rule about every
 * assertion. The DoD scores the test family; `src/dev-report.ts` the dev family, with the same
 * code. Node runs this file directly from the dev report, so it imports only types from the lab.
 */
import type { PassCount } from '@lab/regression/flaky.ts';
import { seededRandom } from '@workshop/kit';
import { loadSplit, type Split } from '@workshop/testkit/datasets';

/** One assertion of one case: how often it truly holds on each version. */
export interface SimulatedAssertion {
  name: string;
  /** True pass rate on the baseline. */
  baseline: number;
  /** True pass rate on the candidate. */
  candidate: number;
  /** The label: it held on the baseline (90 % or more) and no longer holds (40 % or less). */
  regressed: boolean;
}

/** One golden suite: cases with their assertions. Unregressed assertions move by 5 points at most. */
export interface SimulatedSuite {
  id: string;
  cases: { id: string; assertions: SimulatedAssertion[] }[];
}

/** A regression rule under test: the participant's `regressed`. */
export type Rule = (baseline: PassCount, candidate: PassCount) => boolean;

/** Seeded checks per suite. */
export const CHECKS_PER_SUITE = 40;

/** The suites of one split. */
export function loadSuites(split: Split): SimulatedSuite[] {
  return loadSplit<SimulatedSuite>(import.meta.dirname, 'suites', split);
}

/** A rule's figures over a family of suites at `repeats` runs per case and version. */
export interface SuiteScore {
  /** Checks of suites with no regression that failed anyway. */
  falseAlarms: number;
  /** Checks of regressed suites that missed a regressed assertion. */
  missed: number;
  /** Model calls per check, on average: 2 versions × cases × repeats. */
  callsPerCheck: number;
  /** Checks per kind. */
  checks: { unchanged: number; regressed: number };
  /** Per suite: the share of its checks that went wrong (a false alarm or a miss). */
  perSuite: { suite: SimulatedSuite; wrong: number }[];
}

const passes = (runs: number, rate: number, random: () => number) => {
  let passed = 0;
  for (let run = 0; run < runs; run += 1) if (random() < rate) passed += 1;
  return passed;
};

/** Checks every suite `CHECKS_PER_SUITE` times (seeded by its position) with `repeats` runs, and scores `rule`. */
export function scoreRule(suites: readonly SimulatedSuite[], rule: Rule, repeats: number): SuiteScore {
  let falseAlarms = 0;
  let missed = 0;
  let calls = 0;
  const checks = { unchanged: 0, regressed: 0 };
  const perSuite = suites.map((suite, index) => {
    const random = seededRandom(7_919 * (index + 1) + repeats);
    const assertions = suite.cases.flatMap((c) => c.assertions);
    const regressedSuite = assertions.some((a) => a.regressed);
    let wrong = 0;
    for (let check = 0; check < CHECKS_PER_SUITE; check += 1) {
      let flaggedWrongly = false;
      let missedOne = false;
      for (const a of assertions) {
        const baseline = { passed: passes(repeats, a.baseline, random), runs: repeats };
        const candidate = { passed: passes(repeats, a.candidate, random), runs: repeats };
        const flagged = rule(baseline, candidate);
        if (a.regressed && !flagged) missedOne = true;
        if (!a.regressed && flagged) flaggedWrongly = true;
      }
      if (regressedSuite ? missedOne : flaggedWrongly) wrong += 1;
      calls += 2 * suite.cases.length * repeats;
    }
    if (regressedSuite) {
      checks.regressed += CHECKS_PER_SUITE;
      missed += wrong;
    } else {
      checks.unchanged += CHECKS_PER_SUITE;
      falseAlarms += wrong;
    }
    return { suite, wrong: wrong / CHECKS_PER_SUITE };
  });
  return {
    falseAlarms: falseAlarms / Math.max(1, checks.unchanged),
    missed: missed / Math.max(1, checks.regressed),
    callsPerCheck: calls / Math.max(1, checks.unchanged + checks.regressed),
    checks,
    perSuite,
  };
}
