import { planServing } from '@lab/serving.ts';
import { simulateServing } from '@lab/simulate.ts';
import type { ServingScenario } from '@lab/types.ts';
import { expectMetric } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { readCatalogue } from './hardware.ts';
import {
  byVerdict,
  loadServing,
  SERVING_TARGETS,
  SERVING_TIME_LIMIT_MS,
  type ServingScore,
  scoreServing,
} from './scenarios.ts';

const catalogue = readCatalogue();
const rows = loadServing('test');
const DEV_REPORT = 'calibrate on dev: node labs/07-self-hosting/src/dev-report.ts serving';

let scored: ServingScore | undefined;
function score(): ServingScore {
  scored ??= scoreServing(
    rows,
    (scenario: ServingScenario) => planServing(scenario, catalogue),
    simulateServing,
    catalogue,
  );
  return scored;
}

// The planner's compute budget (see the brief): the first test plans every scenario, the others reuse it.
const budget = { timeout: SERVING_TIME_LIMIT_MS };

describe('DoD-2 serving plans, judged on traffic seeds they were not simulated on (test split)', budget, () => {
  it('no plan misses the p95 target, runs more slots than fit the replica, or leaves the budget', () => {
    const bad = score().outcomes.filter((o) => ['breach', 'oom', 'out-of-range'].includes(o.verdict));
    const why = [...new Set(bad.flatMap((o) => (o.why ? [o.why] : [])))].slice(0, 2);
    expectMetric(
      { name: 'failing plans', value: bad.length, target: `== ${SERVING_TARGETS.failing}`, unit: 'count' },
      `${byVerdict(bad)} on ${rows.length} test scenarios${why.map((w) => `; ${w}`).join('')}; ${DEV_REPORT}`,
    );
  });

  it(`serves at least ${SERVING_TARGETS.servedShare} of the scenarios some fleet within the budget can serve`, () => {
    const { met, feasible, servedShare, outcomes } = score();
    const others = outcomes.filter((o) => o.row.expect !== null && o.verdict !== 'cheapest' && o.verdict !== 'extra');
    expectMetric(
      { name: 'served', value: servedShare, target: `>= ${SERVING_TARGETS.servedShare}`, unit: 'ratio' },
      `${met} of ${feasible} served within the target; the others: ${byVerdict(others)}; ${DEV_REPORT}`,
    );
  });

  it(`the fleets that meet the target cost at most ${SERVING_TARGETS.extraCost * 100} % more than the cheapest ones`, () => {
    const { met, extraCost, outcomes } = score();
    expect(met, `no plan meets the target yet (${byVerdict(outcomes)}); ${DEV_REPORT}`).toBeGreaterThan(0);
    expectMetric(
      { name: 'extra cost', value: extraCost, target: `<= ${SERVING_TARGETS.extraCost}`, unit: 'ratio' },
      `${met} plans meet the target; ${byVerdict(outcomes.filter((o) => o.verdict === 'extra'))}; ${DEV_REPORT}`,
    );
  });

  it('refuses, saying why, every scenario that no fleet within the budget serves', () => {
    const none = score().outcomes.filter((o) => o.row.expect === null);
    expect(none.length).toBeGreaterThan(0);
    for (const { row, plan } of none) {
      expect(plan.kind, `${row.id}: no fleet meets the target on the judge's traffic, yet a plan was made`).toBe(
        'refuse',
      );
      if (plan.kind === 'refuse') expect(plan.reason.trim().length, `${row.id}: say why`).toBeGreaterThan(10);
    }
  });
});
