import { armFor, BUCKETS, bucketOf, Rollout, type RolloutEvent, type RolloutOptions } from '@lab/index.ts';
import { describe, expect, it } from 'vitest';

const users = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);

function rollout(percent: number, log: RolloutEvent[] = []): Rollout {
  const options: RolloutOptions = {
    promptId: 'support-reply',
    baselineVersion: '1.0.0',
    canaryVersion: '1.1.0',
    percent,
    guard: { regression: 0.02 },
    log: (event) => log.push(event),
  };
  return new Rollout(options);
}

const canaryUsers = (r: Rollout) => new Set(users.filter((u) => r.assign(u).arm === 'canary'));

describe('users are bucketed deterministically, uniformly and stickily', () => {
  it('maps a user and a prompt to a stable bucket in 0–99', () => {
    const buckets = users.slice(0, 200).map((u) => bucketOf(u, 'support-reply'));
    for (const b of buckets) expect(Number.isInteger(b) && b >= 0 && b < BUCKETS).toBe(true);
    expect(users.slice(0, 200).map((u) => bucketOf(u, 'support-reply'))).toEqual(buckets);
    expect(new Set(buckets).size).toBeGreaterThan(80);
  });

  it('spreads 10,000 users evenly: every bucket near 1%, a 20% ramp near 20%', () => {
    const counts = new Array<number>(BUCKETS).fill(0);
    for (const u of users) {
      const b = bucketOf(u, 'support-reply');
      counts[b] = (counts[b] ?? 0) + 1;
    }
    // Expected 100 per bucket, standard deviation about 10: 60–140 is four sigma.
    for (const [bucket, count] of counts.entries()) {
      expect(count, `bucket ${bucket}`).toBeGreaterThanOrEqual(60);
      expect(count, `bucket ${bucket}`).toBeLessThanOrEqual(140);
    }
    const share = users.filter((u) => armFor(bucketOf(u, 'support-reply'), 20) === 'canary').length / users.length;
    expect(share).toBeGreaterThan(0.18);
    expect(share).toBeLessThan(0.22);
  });

  it('hashes the prompt id too, so each prompt gets an independent slice of users', () => {
    const a = new Set(users.filter((u) => bucketOf(u, 'support-reply') < 50));
    const both = users.filter((u) => a.has(u) && bucketOf(u, 'ticket-summary') < 50).length / users.length;
    // Independent halves overlap on a quarter of users; the same slice would overlap on half.
    expect(both).toBeGreaterThan(0.22);
    expect(both).toBeLessThan(0.28);
  });

  it('assignment is sticky across calls and restarts, and ramping up keeps canary users on the canary', () => {
    const log: RolloutEvent[] = [];
    const ten = rollout(10, log);
    const first = ten.assign('user-42');
    expect(ten.assign('user-42')).toEqual(first);
    expect(rollout(10).assign('user-42')).toEqual(first); // a new process, same answer
    expect(first.version).toBe(first.arm === 'canary' ? '1.1.0' : '1.0.0');
    expect(log[0]).toMatchObject({
      type: 'assigned',
      userId: 'user-42',
      bucket: first.bucket,
      arm: first.arm,
      percent: 10,
    });

    const at10 = canaryUsers(ten);
    expect(at10.size / users.length).toBeGreaterThan(0.08);
    expect(at10.size / users.length).toBeLessThan(0.12);
    ten.ramp(50);
    const at50 = canaryUsers(ten);
    expect([...at10].every((u) => at50.has(u))).toBe(true);
    expect(at50.size / users.length).toBeGreaterThan(0.48);
    expect(at50.size / users.length).toBeLessThan(0.52);
    expect(log).toContainEqual(expect.objectContaining({ type: 'ramped', from: 10, to: 50 }));

    // The ends of the ramp are not statistics: a thousand users show nobody / everybody.
    const some = users.slice(0, 1_000);
    expect(some.filter((u) => rollout(0).assign(u).arm === 'canary')).toEqual([]);
    expect(some.filter((u) => rollout(100).assign(u).arm === 'baseline')).toEqual([]);
  });
});
