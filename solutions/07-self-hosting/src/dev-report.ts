/**
 * Calibrate your plans on the DEV split (the test split, which DoD-1 and DoD-2 judge, is never read here):
 *
 *   node labs/07-self-hosting/src/dev-report.ts            both checkpoints
 *   node labs/07-self-hosting/src/dev-report.ts capacity   DoD-1: your estimates beside what the emulated servers did
 *   node labs/07-self-hosting/src/dev-report.ts serving    DoD-2: your fleets' p95 on the judge's kind of traffic
 *
 * Given code: the same in the starter and the solution.
 */
import { measure, readCatalogue } from '../../../labs/07-self-hosting/test/hardware.ts';
import {
  CAPACITY_TARGETS,
  type CapacityLabel,
  type CapacityOutcome,
  loadCapacity,
  loadServing,
  SERVING_TARGETS,
  SERVING_TIME_LIMIT_MS,
  type ServingOutcome,
  scoreCapacity,
  scoreServing,
} from '../../../labs/07-self-hosting/test/scenarios.ts';
import { planCapacity } from './capacity.ts';
import { planServing } from './serving.ts';
import { simulateServing } from './simulate.ts';
import type { GpuOffer } from './types.ts';

const catalogue = readCatalogue();
const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
const offerText = (o: GpuOffer) => `${o.count} × ${o.gpu} $${o.usdPerHour.toFixed(2)}/h`;

function capacityReport(): void {
  const rows = loadCapacity('dev');
  const score = scoreCapacity(rows, planCapacity, catalogue);
  console.log(`DoD-1 capacity, dev split (${rows.length} scenarios)\n`);
  const memoryErrors: number[] = [];
  const speedRatios: number[] = [];
  for (const outcome of score.outcomes) {
    console.log(capacityLine(outcome));
    if (outcome.plan.kind === 'plan' && outcome.measured) {
      memoryErrors.push(outcome.measured.memoryGiBPerGpu - outcome.plan.estimate.memoryGiBPerGpu);
      speedRatios.push(outcome.measured.tokensPerSecond / outcome.plan.estimate.tokensPerSecond);
    }
  }
  if (memoryErrors.length > 0) {
    const range = (xs: number[], digits: number) =>
      `${Math.min(...xs).toFixed(digits)} to ${Math.max(...xs).toFixed(digits)}`;
    console.log(`\nmeasured memory minus your estimate, per GPU: ${range(memoryErrors, 2)} GiB`);
    console.log(`measured speed over your estimate: ${range(speedRatios, 2)} ×`);
  }
  const nothing = rows.length - score.feasible;
  const refused = score.outcomes.filter((o) => o.verdict === 'refused').length;
  console.log(
    `\nplans that fail on the hardware  ${score.infeasible}   (DoD-1 target on test: ${CAPACITY_TARGETS.infeasiblePlans})`,
  );
  console.log(
    `cheapest working price          ${pct(score.cheapestShare)}  (${score.cheapest} of ${score.feasible}; target on test: at least ${pct(CAPACITY_TARGETS.cheapestShare)})`,
  );
  console.log(`refused when nothing works       ${refused} of ${nothing}`);
}

function capacityLine({ row, plan, verdict, measured }: CapacityOutcome): string {
  const head = `${verdict.toUpperCase().padEnd(15)} ${row.id}`;
  const need = `need ${row.workload.concurrentSequences} × ${row.workload.contextTokens} tokens at ${row.workload.minTokensPerSecond} tok/s`;
  const cheapest = `cheapest working: ${labelText(row.workload, row.expect)}`;
  if (plan.kind === 'refuse') return `${head} refused (${plan.reason}) · ${need} · ${cheapest}`;
  const picked = `${offerText(plan.offer)} ${plan.candidate.model} ${plan.candidate.quant}`;
  if (!measured) return `${head} ${picked}: not among the scenario's offers and candidates`;
  const memory = `memory ${plan.estimate.memoryGiBPerGpu.toFixed(2)} GiB yours, ${measured.memoryGiBPerGpu.toFixed(2)} measured of ${measured.usableGiBPerGpu.toFixed(2)}`;
  const speed = `speed ${plan.estimate.tokensPerSecond.toFixed(1)} yours, ${measured.tokensPerSecond.toFixed(1)} measured`;
  const tail = verdict === 'cheapest' ? '' : `\n${' '.repeat(16)}${cheapest}`;
  return `${head} ${picked} · ${need} · ${memory} · ${speed}${tail}`;
}

function labelText(workload: Parameters<typeof measure>[3], label: CapacityLabel): string {
  if (!label) return 'none';
  const offer = { gpu: label.gpu, count: label.count, usdPerHour: label.usdPerHour };
  const m = measure(catalogue, offer, { model: label.model, quant: label.quant }, workload);
  return `${offerText(offer)} ${label.model} ${label.quant} (${m.memoryGiBPerGpu.toFixed(2)} of ${m.usableGiBPerGpu.toFixed(2)} GiB, ${m.tokensPerSecond.toFixed(1)} tok/s)`;
}

function servingReport(): void {
  const rows = loadServing('dev');
  let planningMs = 0;
  const timed: typeof planServing = (scenario) => {
    const start = performance.now();
    try {
      return planServing(scenario);
    } finally {
      planningMs += performance.now() - start;
    }
  };
  const score = scoreServing(rows, timed, simulateServing, catalogue);
  console.log(
    `DoD-2 serving, dev split (${rows.length} scenarios; p95 judged as on test: the scenario's traffic, drawn from seeds your planner is not told)\n`,
  );
  for (const outcome of score.outcomes) console.log(servingLine(outcome));
  const refused = score.outcomes.filter((o) => o.verdict === 'refused').length;
  console.log(
    `\nplans that miss the target or do not fit  ${score.failing}   (DoD-2 target on test: ${SERVING_TARGETS.failing})`,
  );
  console.log(
    `served within the target                   ${pct(score.servedShare)}  (${score.met} of ${score.feasible}; target on test: at least ${pct(SERVING_TARGETS.servedShare)})`,
  );
  console.log(
    `replica cost over the cheapest fleets      ${pct(score.extraCost)}  (target on test: at most ${pct(SERVING_TARGETS.extraCost)})`,
  );
  console.log(`refused when no fleet meets the target     ${refused} of ${rows.length - score.feasible}`);
  console.log(
    `time your planner took                     ${(planningMs / 1000).toFixed(1)} s  (the DoD-2 tests allow ${SERVING_TIME_LIMIT_MS / 1000} s for ${rows.length} scenarios)`,
  );
}

function servingLine({ row, plan, verdict, p95Seconds, why }: ServingOutcome): string {
  const head = `${verdict.toUpperCase().padEnd(15)} ${row.id}`;
  // One request at a time (a sequential benchmark) against the same replica: what load adds to it.
  const alone = simulateServing(
    { ...row, traffic: { ...row.traffic, arrivalsPerSecond: row.traffic.arrivalsPerSecond / 1000 } },
    { numParallel: 1, replicas: 1 },
    { requests: 400 },
  ).p95Seconds;
  const context = `${row.traffic.arrivalsPerSecond} req/s, target p95 ${row.sloP95Seconds} s, one request alone p95 ${alone.toFixed(2)} s`;
  const cheapest = row.expect ? `cheapest: ${row.expect.replicas} replicas` : 'cheapest: none';
  if (plan.kind === 'refuse') return `${head} refused (${plan.reason}) · ${context} · ${cheapest}`;
  const fleet = `${plan.numParallel} slots × ${plan.replicas} replicas ($${(plan.replicas * row.replica.offer.usdPerHour).toFixed(2)}/h)${why ? `: ${why}` : ''}`;
  const judged =
    p95Seconds === undefined
      ? ''
      : ` · p95 ${p95Seconds.toFixed(2)} s judged, ${plan.expectedP95Seconds.toFixed(2)} s yours`;
  return `${head} ${fleet}${judged} · ${context} · ${cheapest}`;
}

try {
  const which = process.argv[2];
  if (which !== undefined && which !== 'capacity' && which !== 'serving') {
    throw new Error(`unknown report "${which}": use capacity, serving, or nothing for both`);
  }
  if (which !== 'serving') capacityReport();
  if (which === undefined) console.log(`\n${'─'.repeat(100)}\n`);
  if (which !== 'capacity') servingReport();
} catch (error) {
  // One line, no stack: the usual cause is a plan function that is still a TODO or throws on some scenario.
  console.error(`dev-report: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
