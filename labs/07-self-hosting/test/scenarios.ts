/**
 * The labelled scenarios (`fixtures/{capacity,serving}.{dev,test}.jsonl`, declared in `lab.yaml`)
 * and how a plan is scored on them. The DoD tests score the test split; `src/dev-report.ts` scores
 * the dev split with the same code. Node runs this file directly from the dev report, so it
 * imports only types from the code under test (the simulator is passed in).
 */
import type {
  Candidate,
  CapacityPlan,
  CapacityScenario,
  Catalogue,
  GpuOffer,
  Quantisation,
  ServingPlan,
  ServingScenario,
  ServingSettings,
  SimulationOptions,
  SimulationResult,
} from '@lab/types.ts';
import { loadSplit, type Split } from '@workshop/testkit/datasets';
import { type Measurement, measure, works } from './hardware.ts';

// ─── The market: what servers clouds rent, at about what price ───────────────────────────────

/** On-demand price of one GPU, USD per hour: an illustrative middle of public cloud list prices (2025). */
export const GPU_HOUR_USD: Record<string, number> = {
  L4: 0.8,
  A10G: 1.21,
  L40S: 1.86,
  'A100-40GB': 3.0,
  'A100-80GB': 3.7,
  'H100-80GB': 4.9,
};

/** Server shapes clouds rent: GPUs of one kind, 1 to 8 of them. */
export const SHAPES: readonly (readonly [gpu: string, count: number])[] = [
  ['L4', 1],
  ['L4', 2],
  ['L4', 4],
  ['A10G', 1],
  ['A10G', 4],
  ['L40S', 1],
  ['L40S', 2],
  ['L40S', 4],
  ['A100-40GB', 1],
  ['A100-40GB', 2],
  ['A100-80GB', 1],
  ['A100-80GB', 2],
  ['A100-80GB', 4],
  ['H100-80GB', 1],
  ['H100-80GB', 2],
  ['H100-80GB', 4],
  ['H100-80GB', 8],
];

// ─── Shared ─────────────────────────────────────────────────────────────────────────────────

/** Calls the planner; an error names the planner and the row instead of failing the score silently. */
function ask<T>(planner: string, id: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw new Error(`${planner} threw on ${id}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Counts per verdict, e.g. `oom ×2, too-slow ×1`, without showing the rows. */
export function byVerdict(outcomes: readonly { verdict: string }[]): string {
  const counts = new Map<string, number>();
  for (const { verdict } of outcomes) counts.set(verdict, (counts.get(verdict) ?? 0) + 1);
  return [...counts].map(([name, n]) => `${name} ×${n}`).join(', ') || 'none';
}

// ─── Capacity (DoD-1) ───────────────────────────────────────────────────────────────────────

/** The cheapest offer/candidate that works on the emulated hardware, or null when none does. */
export type CapacityLabel = {
  gpu: string;
  count: number;
  model: string;
  quant: Quantisation;
  usdPerHour: number;
} | null;

/** A capacity scenario with its label. The planner never sees `expect`. */
export interface CapacityRow extends CapacityScenario {
  expect: CapacityLabel;
}

/** What DoD-1 asks of the test split. */
export const CAPACITY_TARGETS = { infeasiblePlans: 0, cheapestShare: 0.8 } as const;

export function loadCapacity(split: Split): CapacityRow[] {
  return loadSplit<CapacityRow>(import.meta.dirname, 'capacity', split);
}

/** The scenario as the planner receives it (no label). */
export function capacityQuestion(row: CapacityRow): CapacityScenario {
  const { expect: _label, ...scenario } = row;
  return scenario;
}

/** The cheapest working option on the emulated hardware (the earlier candidate on a tie). */
export function cheapestWorking(catalogue: Catalogue, scenario: CapacityScenario): CapacityLabel {
  let best: CapacityLabel = null;
  for (const candidate of scenario.candidates) {
    for (const offer of scenario.offers) {
      if (best && offer.usdPerHour >= best.usdPerHour) continue;
      if (works(measure(catalogue, offer, candidate, scenario.workload), scenario.workload)) {
        best = { gpu: offer.gpu, count: offer.count, ...candidate, usdPerHour: offer.usdPerHour };
      }
    }
  }
  return best;
}

/**
 * `cheapest`: a working plan at the label's price. `pricier`: it works, but a cheaper one did too.
 * `oom`, `too-slow`, `context`: the plan fails on the hardware (out of memory; slower than the
 * target; more context than the model serves). `not-offered`: an offer or candidate the scenario
 * does not list. `refused`: nothing works and the planner said so. `refused-wrongly`: something
 * works and the planner refused.
 */
export type CapacityVerdict =
  | 'cheapest'
  | 'pricier'
  | 'oom'
  | 'too-slow'
  | 'context'
  | 'not-offered'
  | 'refused'
  | 'refused-wrongly';

export interface CapacityOutcome {
  row: CapacityRow;
  plan: CapacityPlan;
  verdict: CapacityVerdict;
  /** What the emulated hardware showed for the plan (undefined for refusals and unlisted options). */
  measured?: Measurement;
}

export interface CapacityScore {
  outcomes: CapacityOutcome[];
  /** Rows where some option works. */
  feasible: number;
  cheapest: number;
  /** Plans that fail on the hardware or were not on offer: each one is an outage. */
  infeasible: number;
  /** Share of the feasible rows planned at the cheapest working price. */
  cheapestShare: number;
}

const sameOffer = (a: GpuOffer, b: GpuOffer) => a.gpu === b.gpu && a.count === b.count && a.usdPerHour === b.usdPerHour;
const sameCandidate = (a: Candidate, b: Candidate) => a.model === b.model && a.quant === b.quant;

/** Scores `plan` on `rows`; a planner that throws on a row fails the whole score, naming the row. */
export function scoreCapacity(
  rows: CapacityRow[],
  plan: (scenario: CapacityScenario) => CapacityPlan,
  catalogue: Catalogue,
): CapacityScore {
  const outcomes = rows.map((row): CapacityOutcome => {
    const answer = ask('planCapacity', row.id, () => plan(capacityQuestion(row)));
    if (answer.kind === 'refuse') return { row, plan: answer, verdict: row.expect ? 'refused-wrongly' : 'refused' };
    const offered = row.offers.some((o) => sameOffer(o, answer.offer));
    const listed = row.candidates.some((c) => sameCandidate(c, answer.candidate));
    if (!offered || !listed) return { row, plan: answer, verdict: 'not-offered' };
    const measured = measure(catalogue, answer.offer, answer.candidate, row.workload);
    const verdict: CapacityVerdict = !measured.contextOk
      ? 'context'
      : !measured.fits
        ? 'oom'
        : !works(measured, row.workload)
          ? 'too-slow'
          : row.expect && answer.offer.usdPerHour <= row.expect.usdPerHour + 1e-9
            ? 'cheapest'
            : 'pricier';
    return { row, plan: answer, verdict, measured };
  });
  const feasible = rows.filter((row) => row.expect !== null).length;
  const cheapest = outcomes.filter((o) => o.verdict === 'cheapest').length;
  const failing: CapacityVerdict[] = ['oom', 'too-slow', 'context', 'not-offered'];
  const infeasible = outcomes.filter((o) => failing.includes(o.verdict)).length;
  return { outcomes, feasible, cheapest, infeasible, cheapestShare: feasible === 0 ? 0 : cheapest / feasible };
}

// ─── Serving (DoD-2) ────────────────────────────────────────────────────────────────────────

/** The fewest replicas that meet the target on the judge's traffic (and the slots that do it), or null. */
export type ServingLabel = { replicas: number; numParallel: number } | null;

/** A serving scenario with its label. The planner never sees `expect`. */
export interface ServingRow extends ServingScenario {
  expect: ServingLabel;
}

/** What DoD-2 asks of the test split. */
export const SERVING_TARGETS = { failing: 0, servedShare: 0.85, extraCost: 0.15 } as const;

/**
 * Time the DoD-2 tests give `planServing` on the 16 test scenarios, judge included (the judge
 * takes well under a second): a compute budget, stated in the brief, not a speed target.
 */
export const SERVING_TIME_LIMIT_MS = 60_000;

/**
 * The judge's traffic: the scenario's rates and mean lengths, drawn from seeds the planner is not
 * told (production is not the traffic you simulated), and more requests than a quick search uses.
 * A plan meets the target only if it does on every seed.
 */
export const JUDGE_TRAFFIC = { seeds: [7_001, 7_002], requests: 4_000 } as const;

export function loadServing(split: Split): ServingRow[] {
  return loadSplit<ServingRow>(import.meta.dirname, 'serving', split);
}

export function servingQuestion(row: ServingRow): ServingScenario {
  const { expect: _label, ...scenario } = row;
  return scenario;
}

/** The simulator's signature (`simulateServing` from src/simulate.ts). */
export type Simulate = (
  scenario: Pick<ServingScenario, 'traffic' | 'server'>,
  settings: ServingSettings,
  options?: SimulationOptions,
) => SimulationResult;

/** The worst p95 of `settings` over the judge's seeds, seconds. */
export function judgedP95(simulate: Simulate, scenario: ServingScenario, settings: ServingSettings): number {
  return Math.max(
    ...JUDGE_TRAFFIC.seeds.map(
      (seed) => simulate(scenario, settings, { seed, requests: JUDGE_TRAFFIC.requests }).p95Seconds,
    ),
  );
}

/** What `slots` parallel contexts take of the replica's memory on the emulated hardware. */
export function slotsMemory(catalogue: Catalogue, scenario: ServingScenario, slots: number): Measurement {
  const { offer, candidate, contextTokens } = scenario.replica;
  return measure(catalogue, offer, candidate, { contextTokens, concurrentSequences: slots, minTokensPerSecond: 0 });
}

/** Whether `slots` parallel contexts fit the replica's memory on the emulated hardware. */
export function slotsFit(catalogue: Catalogue, scenario: ServingScenario, slots: number): boolean {
  return slotsMemory(catalogue, scenario, slots).fits;
}

/** Why settings are out of range (not whole numbers, over `maxSlots` or `maxReplicas`), or undefined. */
export function outOfRange(scenario: ServingScenario, { numParallel, replicas }: ServingSettings): string | undefined {
  const check = (value: number, what: string, field: string, max: number, meaning: string) => {
    if (!(Number.isInteger(value) && value >= 1)) return `${what} ${value}: a whole number from 1 to ${field} (${max})`;
    return value > max ? `${value} ${what}: over ${field} (${max}), ${meaning}` : undefined;
  };
  return (
    check(numParallel, 'slots', 'maxSlots', scenario.maxSlots, 'the most the team runs per replica') ??
    check(replicas, 'replicas', 'maxReplicas', scenario.maxReplicas, 'the budget')
  );
}

/**
 * `cheapest`: meets the target with the fewest replicas that can. `extra`: meets it with more.
 * `breach`: misses the target on the judge's traffic. `oom`: the slots do not fit the replica's
 * memory (Ollama would not load them). `out-of-range`: not whole numbers, no slot, more slots than
 * the scenario's `maxSlots` or more replicas than its `maxReplicas`. `refused` / `refused-wrongly`: as for capacity.
 */
export type ServingVerdict = 'cheapest' | 'extra' | 'breach' | 'oom' | 'out-of-range' | 'refused' | 'refused-wrongly';

export interface ServingOutcome {
  row: ServingRow;
  plan: ServingPlan;
  verdict: ServingVerdict;
  /** The judged p95 of the plan, seconds. */
  p95Seconds?: number;
  /** Why an `out-of-range` or `oom` plan fails, in words. */
  why?: string;
}

export interface ServingScore {
  outcomes: ServingOutcome[];
  feasible: number;
  /** Plans that miss the target, do not fit, or are out of range: each one is an outage. */
  failing: number;
  /** Plans that meet the target. */
  met: number;
  /** Share of the feasible rows with a plan that meets the target. */
  servedShare: number;
  /** Replica cost of the plans that meet the target over the cheapest fleets that do, minus 1. */
  extraCost: number;
}

/** Scores `plan` on `rows` with the judge's traffic and the emulated hardware. */
export function scoreServing(
  rows: ServingRow[],
  plan: (scenario: ServingScenario) => ServingPlan,
  simulate: Simulate,
  catalogue: Catalogue,
): ServingScore {
  let planned = 0;
  let cheapest = 0;
  const outcomes = rows.map((row): ServingOutcome => {
    const answer = ask('planServing', row.id, () => plan(servingQuestion(row)));
    if (answer.kind === 'refuse') return { row, plan: answer, verdict: row.expect ? 'refused-wrongly' : 'refused' };
    const { numParallel, replicas } = answer;
    const range = outOfRange(row, answer);
    if (range) return { row, plan: answer, verdict: 'out-of-range', why: range };
    const memory = slotsMemory(catalogue, row, numParallel);
    if (!memory.fits) {
      const why = `${numParallel} slots need ${memory.memoryGiBPerGpu.toFixed(2)} GiB of ${memory.usableGiBPerGpu.toFixed(2)} per GPU`;
      return { row, plan: answer, verdict: 'oom', why };
    }
    const p95Seconds = judgedP95(simulate, row, { numParallel, replicas });
    if (p95Seconds > row.sloP95Seconds || !row.expect) return { row, plan: answer, verdict: 'breach', p95Seconds };
    planned += replicas * row.replica.offer.usdPerHour;
    cheapest += row.expect.replicas * row.replica.offer.usdPerHour;
    return { row, plan: answer, verdict: replicas <= row.expect.replicas ? 'cheapest' : 'extra', p95Seconds };
  });
  const feasible = rows.filter((row) => row.expect !== null).length;
  const bad: ServingVerdict[] = ['breach', 'oom', 'out-of-range'];
  const met = outcomes.filter((o) => o.verdict === 'cheapest' || o.verdict === 'extra').length;
  return {
    outcomes,
    feasible,
    failing: outcomes.filter((o) => bad.includes(o.verdict)).length,
    met,
    servedShare: feasible === 0 ? 0 : met / feasible,
    extraCost: cheapest === 0 ? 0 : planned / cheapest - 1,
  };
}
