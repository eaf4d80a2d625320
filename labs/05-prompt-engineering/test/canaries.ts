/**
 * Simulated canary rollouts with known true failure rates (`fixtures/canaries.{dev,test}.jsonl`,
 * declared in `lab.yaml`), and how a guard is scored on them. The DoD scores the test family;
 * `src/dev-report.ts` scores the dev family with the same code. Node runs this file directly from
 * the dev report, so it imports only types from the code under test.
 */
import type { ArmStats, GuardDecision, GuardPolicy } from '@lab/rollout/guard.ts';
import { seededRandom } from '@workshop/kit';
import { loadSplit, type Split } from '@workshop/testkit/datasets';

/** One rollout scenario: what the baseline and the canary truly fail at, and what the owner tolerates. */
export interface CanaryScenario {
  id: string;
  /** What is being rolled out (context only). */
  release: string;
  /** True failure rate of the baseline version. */
  baselineRate: number;
  /** True failure rate of the canary. */
  canaryRate: number;
  /** Share of traffic on the canary, in percent. */
  percent: number;
  /** The policy's `regression`: the rise that must be rolled back. */
  regression: number;
  /** `good`: no worse than the baseline, must not be rolled back. `bad`: worse by `regression` or more. */
  kind: 'good' | 'bad';
}

/** A guard under test: the participant's `guardDecision`. */
export type Guard = (baseline: ArmStats, canary: ArmStats, policy: GuardPolicy) => GuardDecision;

/** How the scenarios are played. */
export const SIMULATION = {
  /** Seeded runs per scenario. */
  runs: 100,
  /** The guard is asked after every this many canary requests (and the baseline's share). */
  checkEvery: 25,
  /** Canary requests after which an undecided rollout ends (the ramp schedule moves on). */
  horizon: 5000,
} as const;

/** The scenarios of one split. */
export function loadCanaries(split: Split): CanaryScenario[] {
  return loadSplit<CanaryScenario>(import.meta.dirname, 'canaries', split);
}

/** A binomial draw by inversion: exact, and cheap for the small means of one check interval. */
function binomial(n: number, p: number, random: () => number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const ratio = p / (1 - p);
  let probability = (1 - p) ** n;
  let cumulative = probability;
  const u = random();
  let k = 0;
  while (u > cumulative && k < n) {
    probability *= ((n - k) / (k + 1)) * ratio;
    k += 1;
    cumulative += probability;
  }
  return k;
}

/** One run of one scenario: what the guard decided, and after how many canary requests. */
export interface RolloutRun {
  action: GuardDecision['action'];
  canaryRequests: number;
}

/** Plays one rollout until the guard decides or the horizon is reached. */
export function playRollout(scenario: CanaryScenario, guard: Guard, seed: number): RolloutRun {
  const random = seededRandom(seed);
  const baseline: ArmStats = { requests: 0, failures: 0 };
  const canary: ArmStats = { requests: 0, failures: 0 };
  const policy: GuardPolicy = { regression: scenario.regression };
  const baselinePerCanary = (100 - scenario.percent) / scenario.percent;
  let owed = 0;
  while (canary.requests < SIMULATION.horizon) {
    canary.requests += SIMULATION.checkEvery;
    canary.failures += binomial(SIMULATION.checkEvery, scenario.canaryRate, random);
    owed += SIMULATION.checkEvery * baselinePerCanary;
    const served = Math.floor(owed);
    owed -= served;
    baseline.requests += served;
    baseline.failures += binomial(served, scenario.baselineRate, random);
    const { action } = guard({ ...baseline }, { ...canary }, policy);
    if (action !== 'continue') return { action, canaryRequests: canary.requests };
  }
  return { action: 'continue', canaryRequests: canary.requests };
}

/** How hard a scenario is to call: the noisier the failure rate next to the regression, the harder. */
export type Band = 'easy' | 'medium' | 'hard';
export const BANDS: readonly Band[] = ['easy', 'medium', 'hard'];

/**
 * Canary requests a single fixed-size test would need to tell the baseline's rate from one
 * `regression` higher (5 % false alarms, 90 % power): under 300 is easy (2 points on a 1 % rate),
 * 1,200 or more is hard (2 points on a 12 % rate).
 */
export function bandOf(s: Pick<CanaryScenario, 'baselineRate' | 'regression'>): Band {
  const needed = (8.6 * s.baselineRate * (1 - s.baselineRate)) / s.regression ** 2;
  return needed < 300 ? 'easy' : needed < 1200 ? 'medium' : 'hard';
}

/** Error rates of one band. */
export interface BandScore {
  /** Good canaries rolled back, of the runs of good scenarios in this band. */
  falseRollbacks: number;
  /** Bad canaries not rolled back (promoted, or still running at the horizon), of the bad runs. */
  missedRegressions: number;
  /** The misses split: bad canaries promoted, and bad ones still undecided at the horizon (of the bad runs). */
  missed: { promoted: number; undecided: number };
  /** Good canaries still undecided at the horizon, of the good runs: not an error, only requests spent. */
  goodUndecided: number;
  /** Runs per kind. */
  runs: { good: number; bad: number };
}

/** A guard's figures over a family of scenarios. */
export interface CanaryScore {
  /** The worst band's false-rollback rate: a guard must hold it whatever the rates. */
  falseRollbacks: number;
  /** The worst band's missed-regression rate. */
  missedRegressions: number;
  /** Mean canary requests until the guard decided (the horizon when it never did), over all runs. */
  meanSamples: number;
  /** Good runs promoted before the horizon. */
  promoted: number;
  /** Per band. */
  bands: Record<Band, BandScore>;
  /** Per scenario: the share of its runs decided wrongly, and its mean canary requests. */
  perScenario: { scenario: CanaryScenario; wrong: number; meanSamples: number }[];
}

/** Plays every scenario `runs` times (seeded by its position) and scores the guard. */
export function scoreGuard(
  scenarios: readonly CanaryScenario[],
  guard: Guard,
  runs: number = SIMULATION.runs,
): CanaryScore {
  type Tally = { good: number; bad: number } & Record<`${CanaryScenario['kind']} ${GuardDecision['action']}`, number>;
  const empty = (): Tally => ({
    good: 0,
    bad: 0,
    'good rollback': 0,
    'good promote': 0,
    'good continue': 0,
    'bad rollback': 0,
    'bad promote': 0,
    'bad continue': 0,
  });
  const tally = Object.fromEntries(BANDS.map((b) => [b, empty()])) as Record<Band, Tally>;
  let promoted = 0;
  let samples = 0;
  const perScenario = scenarios.map((scenario, index) => {
    let wrong = 0;
    let requests = 0;
    const band = tally[bandOf(scenario)];
    band[scenario.kind] += runs;
    for (let run = 0; run < runs; run += 1) {
      const result = playRollout(scenario, guard, 100_003 * (index + 1) + run);
      requests += result.canaryRequests;
      band[`${scenario.kind} ${result.action}`] += 1;
      const isWrong = scenario.kind === 'good' ? result.action === 'rollback' : result.action !== 'rollback';
      if (isWrong) wrong += 1;
      if (scenario.kind === 'good' && result.action === 'promote') promoted += 1;
    }
    samples += requests;
    return { scenario, wrong: wrong / runs, meanSamples: requests / runs };
  });
  const bands = Object.fromEntries(
    BANDS.map((b) => {
      const t = tally[b];
      const ofGood = (n: number) => n / Math.max(1, t.good);
      const ofBad = (n: number) => n / Math.max(1, t.bad);
      const score: BandScore = {
        falseRollbacks: ofGood(t['good rollback']),
        missedRegressions: ofBad(t['bad promote'] + t['bad continue']),
        missed: { promoted: ofBad(t['bad promote']), undecided: ofBad(t['bad continue']) },
        goodUndecided: ofGood(t['good continue']),
        runs: { good: t.good, bad: t.bad },
      };
      return [b, score];
    }),
  ) as Record<Band, BandScore>;
  const goodRuns = BANDS.reduce((n, b) => n + tally[b].good, 0);
  return {
    falseRollbacks: Math.max(...BANDS.map((b) => bands[b].falseRollbacks)),
    missedRegressions: Math.max(...BANDS.map((b) => bands[b].missedRegressions)),
    meanSamples: samples / Math.max(1, scenarios.length * runs),
    promoted: promoted / Math.max(1, goodRuns),
    bands,
    perScenario,
  };
}
