import { evaluateGate, type PairedCase } from '@lab/index.ts';
import { compareWithBaseline } from '@lab/regression.ts';
import { type GateKpis, type GateScenario, gateKpis } from '@lab/scenarios.ts';
import { expectMetric, loadSplit } from '@workshop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reportOfCases } from './run-fixture.ts';
import { TARGETS } from './targets.ts';

const scenarios = loadSplit<GateScenario>(import.meta.dirname, 'gate-scenarios', 'test');
/** Seeded comparisons per scenario: 12 scenarios × 40 per band and kind. */
const RUNS = 40;
const DEV = 'calibrate on dev: node labs/12-dev-tools/src/dev-report.ts';

let measured: GateKpis[] | undefined;
/** The rule on every test scenario, evaluated once per file. */
const kpis = () => {
  measured ??= gateKpis(scenarios, compareWithBaseline, RUNS);
  return measured;
};

/** A paired case from pass counts. */
const pair = (id: string, trials: number, before: number, after: number): PairedCase => ({
  id,
  baseline: { passed: before, trials },
  candidate: { passed: after, trials },
});

describe('DoD-1 the gate blocks real regressions and lets re-runs through, on small and large datasets', () => {
  it('no-change candidates (re-runs with flaky cases) are rarely blocked', () => {
    for (const band of kpis()) {
      expectMetric(
        {
          name: `false blocks, ${band.band}`,
          value: band.falseBlocks,
          target: `<= ${TARGETS.falseBlocks}`,
          unit: 'ratio',
        },
        `${band.comparisons.noChange} simulated no-change comparisons of the test split; ${DEV}`,
      );
    }
  });

  it('regressions are rarely let through', () => {
    for (const band of kpis()) {
      expectMetric(
        { name: `missed regressions, ${band.band}`, value: band.missed, target: `<= ${TARGETS.missed}`, unit: 'ratio' },
        `${band.comparisons.regression} simulated regressions of the test split; ${DEV}`,
      );
    }
  });

  it('a candidate no worse than its baseline on any case is never blocked, and the evidence is one line', () => {
    const cases = fc.array(fc.record({ trials: fc.integer({ min: 1, max: 5 }), before: fc.nat(), gain: fc.nat() }), {
      minLength: 1,
      maxLength: 300,
    });
    fc.assert(
      fc.property(cases, (rows) => {
        const pairs = rows.map(({ trials, before, gain }, i) => {
          const b = before % (trials + 1);
          return pair(`c${i}`, trials, b, Math.min(trials, b + (gain % (trials + 1))));
        });
        const verdict = compareWithBaseline(pairs);
        expect(verdict.regressed).toBe(false);
        expect(verdict.detail).not.toMatch(/\n/);
      }),
      { numRuns: 150 },
    );
  });

  it('the gate names the evidence when it blocks, and a dataset where half the cases broke is blocked', () => {
    const baseline = reportOfCases(Array.from({ length: 60 }, () => true));
    const broken = reportOfCases(Array.from({ length: 60 }, (_, i) => i % 2 === 0));
    const result = evaluateGate(broken, { baseline });
    expect(result.ok).toBe(false);
    expect(result.reasons[0]).toMatch(/^worse than the baseline: \S/);
    expect(evaluateGate(baseline, { baseline }).ok).toBe(true);
  });
});
