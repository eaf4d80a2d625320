import { InvalidInputError } from '@lab/errors.ts';
import { simulateServing } from '@lab/simulate.ts';
import type { ServingScenario } from '@lab/types.ts';
import { describe, expect, it } from 'vitest';

const fleet: Pick<ServingScenario, 'traffic' | 'server'> = {
  traffic: { arrivalsPerSecond: 1, inputTokens: 800, outputTokens: 200 },
  server: { prefillTokensPerSecond: 2_000, stepMs: { base: 25, perSequence: 2 } },
};

describe('simulateServing (given)', () => {
  it('gives the same figures for the same seed, and other figures for another seed', () => {
    const settings = { numParallel: 4, replicas: 1 };
    const a = simulateServing(fleet, settings, { seed: 3, requests: 1_000 });
    expect(simulateServing(fleet, settings, { seed: 3, requests: 1_000 })).toEqual(a);
    expect(simulateServing(fleet, settings, { seed: 4, requests: 1_000 }).p95Seconds).not.toBe(a.p95Seconds);
  });

  it('keeps no state between runs: other traffic, other seeds, then the same run gives the same figures', () => {
    const settings = { numParallel: 4, replicas: 1 };
    const first = simulateServing(fleet, settings, { seed: 3, requests: 1_000 });
    const busier = { ...fleet, traffic: { ...fleet.traffic, arrivalsPerSecond: 2 } };
    expect(simulateServing(busier, settings, { seed: 3, requests: 1_000 }).p95Seconds).toBeGreaterThan(
      first.p95Seconds,
    );
    for (let seed = 10; seed < 20; seed++) simulateServing(fleet, settings, { seed, requests: 200 });
    expect(simulateServing(fleet, settings, { seed: 3, requests: 1_000 })).toEqual(first);
  });

  it('one request at a time takes its prefill plus its tokens at the single-request step', () => {
    const quiet = { ...fleet, traffic: { ...fleet.traffic, arrivalsPerSecond: 0.001 } };
    const result = simulateServing(quiet, { numParallel: 1, replicas: 1 }, { requests: 2_000 });
    // A mean request alone: 0.4 s of prefill, 200 tokens at 27 ms.
    expect(result.p50Seconds).toBeGreaterThan(3);
    expect(result.p50Seconds).toBeLessThan(6);
    expect(result.meanWaitSeconds).toBeLessThan(0.05);
  });

  it('queueing raises p95 as the traffic approaches what the fleet can serve, and slots or replicas bring it down', () => {
    const p95 = (arrivalsPerSecond: number, numParallel: number, replicas: number) =>
      simulateServing({ ...fleet, traffic: { ...fleet.traffic, arrivalsPerSecond } }, { numParallel, replicas })
        .p95Seconds;
    expect(p95(0.15, 1, 1)).toBeGreaterThan(p95(0.02, 1, 1));
    expect(p95(0.15, 4, 1)).toBeLessThan(p95(0.15, 1, 1));
    expect(p95(0.15, 1, 3)).toBeLessThan(p95(0.15, 1, 1));
  });

  it('counts requests refused by a full queue as never answered', () => {
    const flood = { ...fleet, traffic: { ...fleet.traffic, arrivalsPerSecond: 50 } };
    const result = simulateServing(flood, { numParallel: 1, replicas: 1 }, { requests: 500, maxQueue: 4 });
    expect(result.rejected).toBeGreaterThan(400);
    expect(result.p95Seconds).toBe(Number.POSITIVE_INFINITY);
  });

  it('refuses bad input with one line naming the field', () => {
    expect(() => simulateServing(fleet, { numParallel: 0, replicas: 1 })).toThrow(InvalidInputError);
    expect(() => simulateServing(fleet, { numParallel: 2, replicas: 1.5 })).toThrow(/replicas/);
    const noTraffic = { ...fleet, traffic: { ...fleet.traffic, arrivalsPerSecond: 0 } };
    expect(() => simulateServing(noTraffic, { numParallel: 1, replicas: 1 })).toThrow(/arrivalsPerSecond/);
    expect(() => simulateServing(fleet, { numParallel: 1, replicas: 1 }, { requests: 1e9 })).toThrow(
      /requests must be a whole number from 1 to 100000/,
    );
    expect(() => simulateServing(fleet, { numParallel: 1, replicas: 1e9 })).toThrow(/replicas/);
  });
});
