import { type Assignment, type DecisionEvent, Rollout, type RolloutEvent } from '@lab/index.ts';
import { describe, expect, it, vi } from 'vitest';
import { steppingClock } from './helpers.ts';

const baseline: Assignment = { userId: 'b', bucket: 80, arm: 'baseline', version: '1.0.0' };
const canary: Assignment = { userId: 'c', bucket: 3, arm: 'canary', version: '1.1.0' };

function setup() {
  const log: RolloutEvent[] = [];
  const onRollback = vi.fn<(event: DecisionEvent) => void>();
  const onPromote = vi.fn<(event: DecisionEvent) => void>();
  const rollout = new Rollout({
    promptId: 'support-reply',
    baselineVersion: '1.0.0',
    canaryVersion: '1.1.0',
    percent: 10,
    guard: { regression: 0.02 },
    log: (event) => log.push(event),
    onRollback,
    onPromote,
    now: steppingClock(),
  });
  return { rollout, log, onRollback, onPromote };
}

/** Records outcomes as 9 baseline requests per canary request; `every` > 0 fails every n-th one. */
async function traffic(rollout: Rollout, canaryRequests: number, fail: { baseline: number; canary: number }) {
  const events: DecisionEvent[] = [];
  for (let i = 1; i <= canaryRequests; i++) {
    for (let j = 1; j <= 9; j++) {
      const n = 9 * (i - 1) + j;
      const event = await rollout.record(baseline, { failed: n % fail.baseline === 0 });
      if (event) events.push(event);
    }
    const event = await rollout.record(canary, { failed: fail.canary > 0 && i % fail.canary === 0 });
    if (event) events.push(event);
  }
  return events;
}

describe('the rollout acts on the guard (given: Rollout; the guard is yours, DoD-3)', () => {
  it('rolls back a canary that fails far more often: percent 0, one logged event, onRollback awaited', async () => {
    const { rollout, log, onRollback, onPromote } = setup();
    const events = await traffic(rollout, 400, { baseline: 50, canary: 2 }); // 2 % against 50 %
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({ type: 'rolled_back', canaryVersion: '1.1.0', baselineVersion: '1.0.0' });
    expect(event?.reason).not.toBe('');
    expect(event?.canary.requests).toBeLessThan(400);
    expect(rollout.percent).toBe(0);
    expect(rollout.decided).toEqual(event);
    expect(onRollback).toHaveBeenCalledExactlyOnceWith(event);
    expect(onPromote).not.toHaveBeenCalled();
    expect(log.filter((e) => e.type === 'rolled_back')).toEqual([event]);
    // Everyone is on the baseline now, nothing more is decided, and the rollout cannot be ramped again.
    expect(rollout.assign('user-1').arm).toBe('baseline');
    expect(rollout.stats().canary.requests).toBe(400);
    expect(() => rollout.ramp(20)).toThrow(/rolled back/);
  });

  it('promotes a canary that fails as often as the baseline: percent 100 and onPromote', async () => {
    const { rollout, onRollback, onPromote } = setup();
    const events = await traffic(rollout, 5000, { baseline: 50, canary: 50 });
    expect(events.map((e) => e.type)).toEqual(['promoted']);
    expect(rollout.percent).toBe(100);
    expect(onPromote).toHaveBeenCalledOnce();
    expect(onRollback).not.toHaveBeenCalled();
    expect(() => rollout.ramp(50)).toThrow(/promoted/);
  });

  it('refuses a policy without a sensible regression and a percent outside 0–100', () => {
    const options = { promptId: 'p', baselineVersion: '1', canaryVersion: '2', log: () => {} };
    expect(() => new Rollout({ ...options, percent: 10, guard: { regression: 0 } })).toThrow(/regression/);
    expect(() => new Rollout({ ...options, percent: 101, guard: { regression: 0.02 } })).toThrow(/percent/);
  });
});
