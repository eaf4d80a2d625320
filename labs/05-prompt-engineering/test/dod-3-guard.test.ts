import { type ArmStats, guardDecision } from '@lab/rollout/guard.ts';
import { expectMetric } from '@workshop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BANDS, type CanaryScore, loadCanaries, SIMULATION, scoreGuard } from './canaries.ts';
import { TARGETS } from './targets.ts';

const scenarios = loadCanaries('test');
const DEV_REPORT = 'calibrate on dev: node labs/05-prompt-engineering/src/dev-report.ts';
const target = TARGETS.canaries;

// The test family is played once per file: the tests below read the same rollouts.
let scored: CanaryScore | undefined;
function score(): CanaryScore {
  scored ??= scoreGuard(scenarios, guardDecision);
  return scored;
}
const played = `${scenarios.length} test scenarios × ${SIMULATION.runs} seeded rollouts`;
/** Each band's rate, e.g. `easy 0.0 % · medium 1.2 % · hard 3.4 %`. */
const perBand = (s: CanaryScore, key: 'falseRollbacks' | 'missedRegressions') =>
  BANDS.map((b) => `${b} ${(100 * s.bands[b][key]).toFixed(1)} %`).join(' · ');

describe('DoD-3 the guard rolls back bad canaries and forward good ones, measured on simulated canaries', () => {
  it(`rolls back at most ${target.falseRollbacks} of the good canaries, in every difficulty band`, () => {
    const s = score();
    expectMetric(
      { name: 'false rollbacks', value: s.falseRollbacks, target: `<= ${target.falseRollbacks}`, unit: 'ratio' },
      `worst band of ${perBand(s, 'falseRollbacks')} (a good canary undecided after ${SIMULATION.horizon} canary requests is no error, it only costs requests); ${played}; ${DEV_REPORT}`,
    );
  });

  it(`misses at most ${target.missedRegressions} of the bad canaries, in every difficulty band`, () => {
    const s = score();
    expectMetric(
      {
        name: 'missed regressions',
        value: s.missedRegressions,
        target: `<= ${target.missedRegressions}`,
        unit: 'ratio',
      },
      `worst band of ${perBand(s, 'missedRegressions')} (promoted, or still undecided after ${SIMULATION.horizon} canary requests); ${played}; ${DEV_REPORT}`,
    );
  });

  it(`decides within ${target.meanSamples} canary requests on average`, () => {
    const s = score();
    expectMetric(
      {
        name: 'canary requests to a decision',
        value: s.meanSamples,
        target: `<= ${target.meanSamples}`,
        unit: 'count',
      },
      `mean over ${played}, ${SIMULATION.horizon} when undecided; ${DEV_REPORT}`,
    );
  });
});

/** An arm with `requests` and a failure rate, as counts. */
const arm = (requests: number, rate: number): ArmStats => ({ requests, failures: Math.round(requests * rate) });

describe('DoD-3 properties of the guard', () => {
  const regression = fc.constantFrom(0.01, 0.02, 0.03, 0.05);
  const rate = fc.double({ min: 0, max: 0.3, noNaN: true });
  const requests = fc.integer({ min: 100, max: 20_000 });

  it('never rolls back a canary that fails no more often than its baseline', () => {
    fc.assert(
      fc.property(
        requests,
        requests,
        rate,
        fc.double({ min: 0, max: 1, noNaN: true }),
        regression,
        (nb, nc, pb, share, r) => {
          const baseline = arm(nb, pb);
          const canary: ArmStats = { requests: nc, failures: Math.floor((nc * baseline.failures * share) / nb) };
          expect(
            guardDecision(baseline, canary, { regression: r }).action,
            JSON.stringify({ baseline, canary, r }),
          ).not.toBe('rollback');
        },
      ),
    );
  });

  it('never promotes a canary seen failing more than twice the regression above its baseline', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 500, max: 20_000 }),
        fc.integer({ min: 500, max: 20_000 }),
        rate,
        regression,
        (nb, nc, pb, r) => {
          const baseline = arm(nb, pb);
          const canary = arm(nc, Math.min(1, baseline.failures / nb + 2 * r + 0.002));
          expect(
            guardDecision(baseline, canary, { regression: r }).action,
            JSON.stringify({ baseline, canary, r }),
          ).not.toBe('promote');
        },
      ),
    );
  });

  it('waits for evidence: no decision before either arm has seen a request, and a reason for every decision', () => {
    const none = { requests: 0, failures: 0 };
    expect(guardDecision(none, none, { regression: 0.02 }).action).toBe('continue');
    const decision = guardDecision(arm(5000, 0.02), arm(2000, 0.1), { regression: 0.02 });
    expect(decision.action).toBe('rollback');
    expect(decision.reason.trim()).not.toBe('');
  });
});
