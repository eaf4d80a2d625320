import { planCapacity } from '@lab/capacity.ts';
import type { CapacityPlan, CapacityScenario, Quantisation } from '@lab/types.ts';
import { expectMetric } from '@workshop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { measure, readCatalogue, works } from './hardware.ts';
import {
  byVerdict,
  CAPACITY_TARGETS,
  type CapacityScore,
  GPU_HOUR_USD,
  loadCapacity,
  SHAPES,
  scoreCapacity,
} from './scenarios.ts';

const catalogue = readCatalogue();
const rows = loadCapacity('test');
const DEV_REPORT = 'calibrate on dev: node labs/07-self-hosting/src/dev-report.ts capacity';
const plan = (scenario: CapacityScenario) => planCapacity(scenario, catalogue);

// The split is scored once per file: the tests below read the same verdicts.
let scored: CapacityScore | undefined;
function score(): CapacityScore {
  scored ??= scoreCapacity(rows, plan, catalogue);
  return scored;
}

describe('DoD-1 capacity plans, judged on the emulated servers (test split)', () => {
  it('no plan runs out of memory, decodes slower than asked, exceeds the model context or is not on offer', () => {
    const failing = score().outcomes.filter((o) => ['oom', 'too-slow', 'context', 'not-offered'].includes(o.verdict));
    expectMetric(
      { name: 'failing plans', value: failing.length, target: `== ${CAPACITY_TARGETS.infeasiblePlans}`, unit: 'count' },
      `${byVerdict(failing)} on ${rows.length} test scenarios; ${DEV_REPORT}`,
    );
  });

  it(`plans at the cheapest working price on at least ${CAPACITY_TARGETS.cheapestShare} of the scenarios where something works`, () => {
    const { cheapest, feasible, cheapestShare, outcomes } = score();
    const others = outcomes.filter((o) => o.row.expect !== null && o.verdict !== 'cheapest');
    expectMetric(
      { name: 'cheapest', value: cheapestShare, target: `>= ${CAPACITY_TARGETS.cheapestShare}`, unit: 'ratio' },
      `${cheapest} of ${feasible} at the cheapest working price; the others: ${byVerdict(others)}; ${DEV_REPORT}`,
    );
  });

  it('refuses, saying why, every scenario where nothing works', () => {
    const nothing = score().outcomes.filter((o) => o.row.expect === null);
    expect(nothing.length).toBeGreaterThan(0);
    for (const { row, plan: answer } of nothing) {
      expect(answer.kind, `${row.id}: nothing works on the emulated servers, yet a plan was made`).toBe('refuse');
      if (answer.kind === 'refuse') expect(answer.reason.trim().length, `${row.id}: say why`).toBeGreaterThan(10);
    }
  });
});

// ─── Properties over generated scenarios ────────────────────────────────────────────────────

const QUANTS: Quantisation[] = ['Q4_K_M', 'Q5_K_M', 'Q8_0', 'F16'];
const aCandidate = fc.record({
  model: fc.constantFrom(...Object.keys(catalogue.models)),
  quant: fc.constantFrom(...QUANTS),
});
const anOffer = fc
  .tuple(fc.constantFrom(...SHAPES), fc.integer({ min: 80, max: 120 }))
  .map(([[gpu, count], percent]) => ({
    gpu,
    count,
    usdPerHour: Math.round(count * (GPU_HOUR_USD[gpu] as number) * percent) / 100,
  }));
const aScenario: fc.Arbitrary<CapacityScenario> = fc.record({
  id: fc.constant('generated'),
  use: fc.constant('a generated workload'),
  workload: fc.record({
    contextTokens: fc.constantFrom(2048, 4096, 8192, 16384, 32768, 65536),
    concurrentSequences: fc.constantFrom(1, 2, 4, 8, 16, 32),
    minTokensPerSecond: fc.integer({ min: 2, max: 60 }),
  }),
  candidates: fc.uniqueArray(aCandidate, { minLength: 1, maxLength: 4, selector: (c) => `${c.model} ${c.quant}` }),
  offers: fc.uniqueArray(anOffer, { minLength: 1, maxLength: 6, selector: (o) => `${o.gpu} ${o.count}` }),
});
const cost = (answer: CapacityPlan) => (answer.kind === 'plan' ? answer.offer.usdPerHour : Number.POSITIVE_INFINITY);
const described = (answer: CapacityPlan) =>
  answer.kind === 'plan'
    ? `${answer.offer.count} × ${answer.offer.gpu} ${answer.candidate.model} ${answer.candidate.quant}`
    : 'refused';

describe('DoD-1 properties of the capacity plan (generated scenarios)', () => {
  it('never plans something that fails on the emulated servers', () => {
    let planned = 0;
    fc.assert(
      fc.property(aScenario, (scenario) => {
        const answer = plan(scenario);
        if (answer.kind === 'refuse') return;
        planned += 1;
        expect(scenario.offers, 'the offer comes from the scenario').toContainEqual(answer.offer);
        expect(scenario.candidates, 'the candidate comes from the scenario').toContainEqual(answer.candidate);
        const m = measure(catalogue, answer.offer, answer.candidate, scenario.workload);
        expect(
          works(m, scenario.workload),
          `${described(answer)} for ${JSON.stringify(scenario.workload)}: ${JSON.stringify(m)}`,
        ).toBe(true);
      }),
      { numRuns: 200 },
    );
    expect(planned, 'the planner refused every generated scenario').toBeGreaterThan(30);
  });

  it('more context or more sequences never make the plan cheaper', () => {
    fc.assert(
      fc.property(aScenario, fc.constantFrom('contextTokens', 'concurrentSequences'), (scenario, grown) => {
        const bigger = { ...scenario, workload: { ...scenario.workload, [grown]: scenario.workload[grown] * 2 } };
        expect(cost(plan(bigger)), `${grown} doubled`).toBeGreaterThanOrEqual(cost(plan(scenario)));
      }),
      { numRuns: 200 },
    );
  });

  it('a stricter speed target never makes the plan cheaper', () => {
    fc.assert(
      fc.property(aScenario, fc.integer({ min: 1, max: 30 }), (scenario, more) => {
        const stricter = {
          ...scenario,
          workload: { ...scenario.workload, minTokensPerSecond: scenario.workload.minTokensPerSecond + more },
        };
        expect(cost(plan(stricter))).toBeGreaterThanOrEqual(cost(plan(scenario)));
      }),
      { numRuns: 200 },
    );
  });

  it('one more offer on the list never makes the plan dearer', () => {
    fc.assert(
      fc.property(aScenario, anOffer, fc.nat(), (scenario, extra, at) => {
        fc.pre(!scenario.offers.some((o) => o.gpu === extra.gpu && o.count === extra.count));
        const offers = [...scenario.offers];
        offers.splice(at % (offers.length + 1), 0, extra);
        expect(cost(plan({ ...scenario, offers }))).toBeLessThanOrEqual(cost(plan(scenario)));
      }),
      { numRuns: 200 },
    );
  });
});
