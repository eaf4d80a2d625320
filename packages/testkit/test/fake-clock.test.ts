import { describe, expect, it } from 'vitest';
import { FakeClock, sequence } from '../src/index.ts';

describe('FakeClock', () => {
  it('records sleeps and moves time without waiting', async () => {
    const clock = new FakeClock();
    await clock.sleep(250);
    clock.advance(50);
    expect(clock.now()).toBe(300);
    expect(clock.sleeps).toEqual([250]);
  });

  it('fires a deadline only when the test expires it, and counts leaked timers', () => {
    const clock = new FakeClock();
    const kept = clock.deadline(1_000);
    clock.deadline(500).clear();
    expect(kept.signal.aborted).toBe(false);
    expect(clock.pendingDeadlines).toBe(1);
    expect(clock.expireDeadlines()).toBe(1);
    expect(kept.signal.reason).toBeInstanceOf(DOMException);
  });

  it('sequence() replays values, then repeats the last', () => {
    const random = sequence(0.1, 0.9);
    expect([random(), random(), random()]).toEqual([0.1, 0.9, 0.9]);
  });
});
