/** Tests of the given SLO machinery (not DoD): the replay's windows and grouping, the overload simulation. */
import { type CapacityRow, checkPlan, simulateOverload } from '@lab/load/overload-sim.ts';
import { expandTimeline, replay, type TimelineRow } from '@lab/slo/timelines.ts';
import { describe, expect, it } from 'vitest';

const quiet: TimelineRow = {
  id: 'quiet',
  seed: 7,
  days: 1,
  peakPerMinute: 50,
  nightPerMinute: 10,
  baselineBadRate: 0.001,
  incidents: [{ startMinute: 600, minutes: 30, badRate: 1, label: 'page' }],
};

describe('the incident replay', () => {
  it('windows count what the timeline drew, and budget spent is bad asks over the 28-day budget', () => {
    const timeline = expandTimeline(quiet);
    const seen: number[] = [];
    replay(timeline, (view) => {
      if (view.minute === 629) seen.push(view.bad(30), view.budgetSpent(30) * view.budget, view.total(1e9));
      return 'none';
    });
    const bad = timeline.bad.slice(600, 630).reduce((a, b) => a + b, 0);
    expect(seen[0]).toBe(bad);
    expect(seen[1]).toBeCloseTo(bad);
    expect(seen[2]).toBe(timeline.total.slice(0, 630).reduce((a, b) => a + b, 0));
  });

  it('groups repeated page decisions within the hour into one page, firing until the last', () => {
    const raised = replay(expandTimeline(quiet), (view) => (view.minute >= 600 && view.minute < 700 ? 'page' : 'none'));
    expect(raised).toEqual([{ level: 'page', minute: 600, until: 699 }]);
  });
});

describe('the overload simulation', () => {
  const calm: CapacityRow = {
    id: 'calm',
    seed: 3,
    durationS: 120,
    providerConcurrency: 4,
    serviceModel: { medianMs: 500, sigma: 0.3 },
    measuredMs: { p50: 500, p90: 730, p99: 1000, mean: 520 },
    baseLoad: 0.3,
    bursts: [],
  };

  it('answers every question of a light load without shedding when it may queue', () => {
    const result = simulateOverload(calm, { maxConcurrent: 4, maxQueue: 100, maxQueueWaitMs: 5_000 });
    expect(result.shed).toBe(0);
    expect(result.answered).toBe(result.offered);
  });

  it('rejects a plan that is not whole numbers in range, in one line naming the field', () => {
    expect(() => checkPlan({ maxConcurrent: 0, maxQueue: 1, maxQueueWaitMs: 1 })).toThrow(
      /maxConcurrent must be a whole number/,
    );
    expect(() => checkPlan({ maxConcurrent: 2, maxQueue: 1.5, maxQueueWaitMs: 1 })).toThrow(/maxQueue/);
  });
});
