/**
 * Simulated candidate runs with known true effects, for judging a regression rule: the DoD and the
 * dev report measure `compareWithBaseline` on them. A scenario draws each case's true pass
 * probability once (solid cases near 1, flaky ones between 0.35 and 0.9, hard ones near 0); every
 * simulated comparison then draws a baseline run and a candidate run from those probabilities.
 * A no-change candidate has the same probabilities (a re-run: only flaky cases move); a
 * regression breaks `broken` cases that used to pass more often than not.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom } from '@workshop/kit';
import type { PairedCase, RegressionVerdict } from './types.ts';

/** One scenario of `fixtures/gate-scenarios.*.jsonl`. */
export interface GateScenario {
  id: string;
  /** Cases in the dataset. */
  cases: number;
  /** Trials per case in both runs. */
  trials: number;
  /** Share of flaky cases (true pass probability 0.35–0.9). */
  flaky: number;
  /** Lowest true pass probability of a solid case (0.95: sampled; 0.995: temperature 0). */
  solid: number;
  /** Share of cases that (almost) always fail. */
  hard: number;
  /** Cases the candidate breaks (pass probability under 0.1); 0 = a no-change candidate. */
  broken: number;
  /** Seed of the scenario's true probabilities and runs. */
  seed: number;
}

/** Datasets of up to 60 cases are "small", the others "large": the DoD holds both to its targets. */
export const bandOf = (s: GateScenario) => (s.cases <= 60 ? 'small sets' : 'large sets');

/** The lab's fixtures, from the starter's src and from the solution's alike. */
export const FIXTURES_DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'labs', '12-dev-tools', 'fixtures');

/** Loads the dev scenarios (the DoD reads the test split itself, with testkit's `loadSplit`). */
export function loadDevScenarios(): GateScenario[] {
  const file = path.join(FIXTURES_DIR, 'gate-scenarios.dev.jsonl');
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as GateScenario);
}

/** `runs` seeded (baseline, candidate) comparisons of one scenario, cases paired by id. */
export function simulateComparisons(s: GateScenario, runs: number): PairedCase[][] {
  const random = seededRandom(s.seed);
  const before = Array.from({ length: s.cases }, () => {
    const u = random();
    if (u < s.flaky) return 0.35 + 0.55 * random();
    if (u < s.flaky + s.hard) return 0.03 * random();
    return s.solid + (1 - s.solid) * random();
  });
  const after = [...before];
  const breakable = before.flatMap((p, i) => (p > 0.5 ? [i] : []));
  for (let j = 0; j < s.broken && breakable.length > 0; j++) {
    const [i] = breakable.splice(Math.floor(random() * breakable.length), 1);
    after[i as number] = 0.1 * random();
  }
  const passes = (p: number) => {
    let passed = 0;
    for (let t = 0; t < s.trials; t++) if (random() < p) passed++;
    return passed;
  };
  return Array.from({ length: runs }, () =>
    before.map((p, i) => ({
      id: `case-${i}`,
      baseline: { passed: passes(p), trials: s.trials },
      candidate: { passed: passes(after[i] as number), trials: s.trials },
    })),
  );
}

/** False blocks and missed regressions of a rule, per band. */
export interface GateKpis {
  band: string;
  /** Blocked no-change comparisons / all no-change comparisons. */
  falseBlocks: number;
  /** Passed regression comparisons / all regression comparisons. */
  missed: number;
  /** Comparisons per kind in the band. */
  comparisons: { noChange: number; regression: number };
}

/** Runs the rule on `runs` comparisons of every scenario and counts its errors per band. */
export function gateKpis(
  scenarios: readonly GateScenario[],
  rule: (pairs: readonly PairedCase[]) => RegressionVerdict,
  runs: number,
): GateKpis[] {
  const bands = new Map<string, { blocked: number; noChange: number; passed: number; regression: number }>();
  for (const s of scenarios) {
    const k = bands.get(bandOf(s)) ?? { blocked: 0, noChange: 0, passed: 0, regression: 0 };
    bands.set(bandOf(s), k);
    for (const pairs of simulateComparisons(s, runs)) {
      const { regressed } = rule(pairs);
      if (s.broken === 0) {
        k.noChange++;
        if (regressed) k.blocked++;
      } else {
        k.regression++;
        if (!regressed) k.passed++;
      }
    }
  }
  return [...bands].map(([band, k]) => ({
    band,
    falseBlocks: k.noChange === 0 ? 0 : k.blocked / k.noChange,
    missed: k.regression === 0 ? 0 : k.passed / k.regression,
    comparisons: { noChange: k.noChange, regression: k.regression },
  }));
}
