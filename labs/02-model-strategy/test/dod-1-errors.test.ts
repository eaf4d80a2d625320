import { judgeEvidence } from '@lab/acceptance.ts';
import type { RuleVerdict } from '@lab/types.ts';
import { expectMetric } from '@workshop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadFamilies, type Score, scoreRule, TARGETS } from './simulation.ts';

const rows = loadFamilies('test');
const DEV_REPORT = 'calibrate on dev: node labs/02-model-strategy/src/dev-report.ts';

// The split is simulated once per file: both KPIs read the same run.
let scored: Score | undefined;
function score(): Score {
  scored ??= scoreRule(rows, judgeEvidence);
  return scored;
}

/** Per bar, e.g. `bar 0.9: 12 of 1000, bar 0.85: 40 of 1000`, without showing test rows. */
function perBar(family: string, count: (accepted: number, candidates: number) => number): string {
  return score()
    .rows.filter((r) => r.row.family === family)
    .map((r) => `bar ${r.row.bar}: ${count(r.accepted, r.row.candidates)} of ${r.row.candidates}`)
    .join(', ');
}

const candidates = (family: string) =>
  rows.filter((r) => r.family === family).reduce((sum, r) => sum + r.candidates, 0);

const aBar = fc.double({ min: 0.5, max: 0.99, noNaN: true });
const RANK: Record<RuleVerdict, number> = { reject: 0, continue: 1, accept: 2 };

describe('DoD-1 a candidate is accepted only when the evidence shows it meets the bar (test split)', () => {
  it(`accepts at most ${TARGETS.falseAccepts} of the near-miss candidates (true rate just below the bar)`, () => {
    expectMetric(
      { name: 'false accepts', value: score().falseAccepts, target: `<= ${TARGETS.falseAccepts}`, unit: 'ratio' },
      `near-misses accepted: ${perBar('near-miss', (a) => a)} (${candidates('near-miss')} simulated); ${DEV_REPORT}`,
    );
  });

  it(`accepts at least ${TARGETS.goodAccepted} of the clearly good candidates`, () => {
    expectMetric(
      { name: 'good accepted', value: score().goodAccepted, target: `>= ${TARGETS.goodAccepted}`, unit: 'ratio' },
      `clearly good accepted: ${perBar('clearly-good', (a) => a)} (${candidates('clearly-good')} simulated); ${DEV_REPORT}`,
    );
  });
});

describe('DoD-1 properties of the rule', () => {
  it('never accepts a record whose observed success rate is below the bar, whatever the bar', () => {
    const belowTheBar = aBar.chain((bar) =>
      fc.integer({ min: 1, max: 400 }).chain((trials) => {
        const most = Math.ceil(bar * trials) - 1; // the most successes still below the bar
        return fc.tuple(fc.constant(bar), fc.constant(trials), fc.integer({ min: Math.max(0, most - 3), max: most }));
      }),
    );
    fc.assert(
      fc.property(belowTheBar, ([bar, trials, successes]) => {
        fc.pre(successes >= 0 && successes / trials < bar);
        expect(judgeEvidence({ trials, successes }, bar), `${successes} of ${trials} at bar ${bar}`).not.toBe('accept');
      }),
    );
  });

  it('one more success in the same number of trials never makes the verdict worse', () => {
    const evidence = fc
      .integer({ min: 1, max: 400 })
      .chain((trials) => fc.tuple(fc.constant(trials), fc.integer({ min: 0, max: trials - 1 })));
    fc.assert(
      fc.property(aBar, evidence, (bar, [trials, successes]) => {
        const fewer = judgeEvidence({ trials, successes }, bar);
        const more = judgeEvidence({ trials, successes: successes + 1 }, bar);
        expect(
          RANK[more],
          `${successes} of ${trials} gives ${fewer}, ${successes + 1} gives ${more}`,
        ).toBeGreaterThanOrEqual(RANK[fewer]);
      }),
    );
  });
});
