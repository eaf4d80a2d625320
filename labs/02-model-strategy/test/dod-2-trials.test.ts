import { judgeEvidence } from '@lab/acceptance.ts';
import { expectMetric } from '@workshop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadFamilies, scoreRule, TARGETS, walk } from './simulation.ts';

const rows = loadFamilies('test');
const DEV_REPORT = 'calibrate on dev: node labs/02-model-strategy/src/dev-report.ts';

describe('DoD-2 the rule stops as soon as the evidence is clear (test split)', () => {
  it(`spends at most ${TARGETS.meanTrials} trials per candidate on average, still within DoD-1's error targets`, () => {
    const score = scoreRule(rows, judgeEvidence);
    const candidates = rows.reduce((sum, r) => sum + r.candidates, 0);
    const perFamily = score.rows.map((r) => `${r.row.family} ${(r.trials / r.row.candidates).toFixed(0)}`).join(', ');
    expectMetric(
      {
        name: 'trials per candidate',
        value: Math.round(score.meanTrials * 10) / 10,
        target: `<= ${TARGETS.meanTrials}`,
        unit: 'count',
      },
      `${candidates} simulated candidates, at most ${rows[0]?.maxTrials} trials each (${perFamily}); ${DEV_REPORT}`,
    );
    // Saving trials by deciding on too little evidence is not a saving: the errors must hold.
    expect(
      score.falseAccepts,
      `the rule saves trials by accepting near-misses (DoD-1: at most ${TARGETS.falseAccepts})`,
    ).toBeLessThanOrEqual(TARGETS.falseAccepts);
    expect(
      score.goodAccepted,
      `the rule saves trials by rejecting clearly good candidates (DoD-1: at least ${TARGETS.goodAccepted})`,
    ).toBeGreaterThanOrEqual(TARGETS.goodAccepted);
  });

  it(`rejects a candidate that fails every trial within ${TARGETS.hopelessWithin} trials, whatever the bar`, () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 0.99, noNaN: true }), (bar) => {
        const stop = walk(judgeEvidence, bar, () => false, TARGETS.hopelessWithin);
        expect(
          stop?.verdict,
          `every trial failed at bar ${bar}: ${stop ? `${stop.verdict} after ${stop.trials}` : 'still undecided'}`,
        ).toBe('reject');
      }),
    );
  });
});
