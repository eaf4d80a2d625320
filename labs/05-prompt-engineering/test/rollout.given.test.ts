import { type Assignment, type RollbackEvent, Rollout, type RolloutEvent } from '@lab/index.ts';
import { describe, expect, it, vi } from 'vitest';
import { steppingClock } from './helpers.ts';

const baseline: Assignment = { userId: 'b', bucket: 80, arm: 'baseline', version: '1.0.0' };
const canary: Assignment = { userId: 'c', bucket: 3, arm: 'canary', version: '1.1.0' };

function setup() {
  const log: RolloutEvent[] = [];
  const onRollback = vi.fn<(event: RollbackEvent) => void>();
  const rollout = new Rollout({
    promptId: 'support-reply',
    baselineVersion: '1.0.0',
    canaryVersion: '1.1.0',
    percent: 10,
    guard: { minSamples: 50, maxErrorRateIncrease: 0.05, maxScoreDrop: 0.5 },
    log: (event) => log.push(event),
    onRollback,
    now: steppingClock(),
  });
  return { rollout, log, onRollback };
}

/** Records `n` outcomes on one arm, `errors` of them failed (spread evenly), with an optional score each. */
async function feed(rollout: Rollout, who: Assignment, n: number, errors: number, score?: number) {
  const events: (RollbackEvent | undefined)[] = [];
  for (let i = 0; i < n; i++) {
    const error = Math.floor(((i + 1) * errors) / n) > Math.floor((i * errors) / n);
    events.push(await rollout.record(who, { error, ...(score !== undefined ? { score } : {}) }));
  }
  return events;
}

describe('DoD-7 the canary rolls back automatically when it is worse than the baseline', () => {
  it('rolls back on a higher error rate once both arms have the minimum sample, and logs it', async () => {
    const { rollout, log, onRollback } = setup();
    await feed(rollout, baseline, 100, 2); // 2% errors
    const early = await feed(rollout, canary, 49, 49); // 100% errors, but only 49 samples
    expect(early.every((e) => e === undefined)).toBe(true);
    expect(rollout.percent).toBe(10);

    const [tripped] = await feed(rollout, canary, 1, 1);
    expect(tripped).toMatchObject({ type: 'rolled_back', canaryVersion: '1.1.0', baselineVersion: '1.0.0' });
    expect(tripped?.reason).toMatch(/error rate/);
    expect(tripped?.canary).toMatchObject({ requests: 50, errors: 50 });
    expect(rollout.percent).toBe(0);
    expect(rollout.rolledBack).toEqual(tripped);
    expect(onRollback).toHaveBeenCalledExactlyOnceWith(tripped);
    expect(log.filter((e) => e.type === 'rolled_back')).toEqual([tripped]);

    // Everyone is on the baseline now, and the rollout cannot be ramped again.
    expect(rollout.assign('user-1').arm).toBe('baseline');
    await feed(rollout, canary, 10, 10);
    expect(onRollback).toHaveBeenCalledOnce();
    expect(() => rollout.ramp(20)).toThrow(/rolled back/);
  });

  it('keeps going while the canary is within the threshold', async () => {
    const { rollout, onRollback } = setup();
    await feed(rollout, baseline, 200, 4); // 2%
    const events = await feed(rollout, canary, 200, 12); // 6%: +4 points, threshold 5
    expect(events.every((e) => e === undefined)).toBe(true);
    expect(rollout.percent).toBe(10);
    expect(onRollback).not.toHaveBeenCalled();
    expect(rollout.stats().canary).toMatchObject({ requests: 200, errors: 12, errorRate: 0.06 });
  });

  it('rolls back on a lower eval score over the minimum sample', async () => {
    const { rollout, log } = setup();
    await feed(rollout, baseline, 60, 0, 4.5);
    const events = await feed(rollout, canary, 60, 0, 3.8);
    expect(events.slice(0, 49).every((e) => e === undefined)).toBe(true);
    const tripped = events[49];
    expect(tripped?.reason).toMatch(/score/);
    expect(rollout.percent).toBe(0);
    expect(log.filter((e) => e.type === 'rolled_back')).toHaveLength(1);
  });

  it('does not judge the canary against a baseline that has too few samples', async () => {
    const { rollout } = setup();
    await feed(rollout, baseline, 10, 0, 5);
    const events = await feed(rollout, canary, 100, 100, 1);
    expect(events.every((e) => e === undefined)).toBe(true);
    expect(rollout.percent).toBe(10);
  });
});
