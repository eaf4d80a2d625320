/**
 * Simulated candidates whose true success rates are known (`fixtures/families.{dev,test}.jsonl`,
 * declared in `lab.yaml`), and how an acceptance rule is scored on them. The DoD tests score the
 * test split; `src/dev-report.ts` scores the dev split with the same code. Node runs this file
 * directly from the dev report, so it imports only types from the code under test.
 *
 * A trial succeeds with the candidate's true rate, independently of the others: it stands for one
 * golden case drawn from the task's traffic. Everything is seeded, so a rule always gets the same
 * score on the same split.
 */
import type { AcceptanceRule, RuleVerdict } from '@lab/types.ts';
import { seededRandom } from '@workshop/kit';
import { loadSplit, type Split } from '@workshop/testkit/datasets';

/** The kinds of candidate, by how often they fail compared with what the bar allows. */
export type Family = 'near-miss' | 'clearly-good' | 'borderline' | 'clearly-bad';

/** One row: `candidates` simulated candidates of one family, their true rates uniform in `rates`. */
export interface FamilyRow {
  id: string;
  family: Family;
  /** The bar the rule is asked about (the spec's `minSuccessRate`). */
  bar: number;
  /** The budget: a candidate still undecided after this many trials is not proven. */
  maxTrials: number;
  /** Lowest and highest true success rate of the row's candidates. */
  rates: [number, number];
  candidates: number;
  seed: number;
}

/** What DoD-1 and DoD-2 ask of the test split. */
export const TARGETS = { falseAccepts: 0.05, goodAccepted: 0.9, meanTrials: 100, hopelessWithin: 20 } as const;

/** The rows of one split. */
export function loadFamilies(split: Split): FamilyRow[] {
  return loadSplit<FamilyRow>(import.meta.dirname, 'families', split);
}

/** One row's outcome. */
export interface RowScore {
  row: FamilyRow;
  accepted: number;
  rejected: number;
  /** Neither accepted nor rejected when the budget ran out. */
  notProven: number;
  trials: number;
}

/** A rule's score on a split. */
export interface Score {
  rows: RowScore[];
  /** Share of near-miss candidates accepted: the costly error. */
  falseAccepts: number;
  /** Share of clearly good candidates accepted. */
  goodAccepted: number;
  /** Trials per candidate, over every candidate of every family. */
  meanTrials: number;
}

const VERDICT_CODE: Record<RuleVerdict, number> = { continue: 0, accept: 1, reject: 2 };

/**
 * The rule's verdicts for every (trials, successes) it is asked about, under one bar, asked once
 * each: the simulation visits the same states again and again. A verdict other than the three is
 * the rule's bug, named in one line.
 */
function verdictTable(
  rule: AcceptanceRule,
  bar: number,
  maxTrials: number,
): (trials: number, successes: number) => number {
  const table = new Int8Array((maxTrials + 1) * (maxTrials + 1)).fill(-1);
  return (trials, successes) => {
    const at = trials * (maxTrials + 1) + successes;
    let code = table[at] as number;
    if (code < 0) {
      const verdict = rule({ trials, successes }, bar);
      code = VERDICT_CODE[verdict];
      if (code === undefined) {
        throw new Error(
          `the rule returned ${JSON.stringify(verdict)} for ${successes} of ${trials} at bar ${bar}; expected accept, reject or continue`,
        );
      }
      table[at] = code;
    }
    return code;
  };
}

/** Runs every candidate of every row through `rule`, trial by trial, until it decides or the budget runs out. */
export function scoreRule(rows: readonly FamilyRow[], rule: AcceptanceRule): Score {
  const tables = new Map<string, (trials: number, successes: number) => number>();
  const scored = rows.map((row): RowScore => {
    const key = `${row.bar}/${row.maxTrials}`;
    let verdictOf = tables.get(key);
    if (!verdictOf) {
      verdictOf = verdictTable(rule, row.bar, row.maxTrials);
      tables.set(key, verdictOf);
    }
    const random = seededRandom(row.seed);
    const [low, high] = row.rates;
    const score: RowScore = { row, accepted: 0, rejected: 0, notProven: 0, trials: 0 };
    for (let candidate = 0; candidate < row.candidates; candidate++) {
      const trueRate = low + (high - low) * random();
      let successes = 0;
      let code = 0;
      let trials = 0;
      while (code === 0 && trials < row.maxTrials) {
        trials += 1;
        if (random() < trueRate) successes += 1;
        code = verdictOf(trials, successes);
      }
      score.trials += trials;
      if (code === 1) score.accepted += 1;
      else if (code === 2) score.rejected += 1;
      else score.notProven += 1;
    }
    return score;
  });
  const share = (family: Family) => {
    const of = scored.filter((s) => s.row.family === family);
    const total = of.reduce((sum, s) => sum + s.row.candidates, 0);
    return total === 0 ? 0 : of.reduce((sum, s) => sum + s.accepted, 0) / total;
  };
  const candidates = scored.reduce((sum, s) => sum + s.row.candidates, 0);
  return {
    rows: scored,
    falseAccepts: share('near-miss'),
    goodAccepted: share('clearly-good'),
    meanTrials: candidates === 0 ? 0 : scored.reduce((sum, s) => sum + s.trials, 0) / candidates,
  };
}

/**
 * Walks `rule` along one record until it decides: `succeeds(trial)` says whether trial 1, 2, …
 * succeeded. Returns the verdict and the trial it came at, or null when the rule was still
 * undecided after `maxTrials`.
 */
export function walk(
  rule: AcceptanceRule,
  bar: number,
  succeeds: (trial: number) => boolean,
  maxTrials: number,
): { verdict: 'accept' | 'reject'; trials: number } | null {
  let successes = 0;
  for (let trials = 1; trials <= maxTrials; trials++) {
    if (succeeds(trials)) successes += 1;
    const verdict = rule({ trials, successes }, bar);
    if (verdict === 'accept' || verdict === 'reject') return { verdict, trials };
  }
  return null;
}
