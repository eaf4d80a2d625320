import { bootstrapMeanInterval, passAtK, wilsonInterval } from '@lab/index.ts';
import { describe, expect, it } from 'vitest';

// Given code (not a checkpoint): runs in the lab's `pnpm test` against the solution.
describe('statistics (given): Wilson, seeded bootstrap and the unbiased pass@k', () => {
  it('Wilson matches published values (statsmodels proportion_confint, method="wilson")', () => {
    const eight = wilsonInterval(8, 10);
    expect(eight.low).toBeCloseTo(0.49016, 4);
    expect(eight.high).toBeCloseTo(0.94332, 4);
    const half = wilsonInterval(50, 100);
    expect(half.low).toBeCloseTo(0.40383, 4);
    expect(half.high).toBeCloseTo(0.59617, 4);
    // At 0/n and n/n it keeps a width instead of collapsing to a point.
    const none = wilsonInterval(0, 10);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.27753, 4);
    const all = wilsonInterval(10, 10);
    expect(all.low).toBeCloseTo(0.72247, 4);
    expect(all.high).toBe(1);
    // A wider z gives a wider interval (99%: z = 2.5758).
    const wide = wilsonInterval(8, 10, 2.5758);
    expect(wide.low).toBeLessThan(eight.low);
    expect(wide.high).toBeGreaterThan(eight.high);
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
    expect(() => wilsonInterval(11, 10)).toThrow(/successes/);
  });

  it('pass@k is 1 - C(n-c, k) / C(n, k)', () => {
    expect(passAtK(5, 2, 1)).toBeCloseTo(0.4, 12); // = c/n
    expect(passAtK(5, 2, 2)).toBeCloseTo(0.7, 12); // 1 - 3/10
    expect(passAtK(10, 3, 5)).toBeCloseTo(1 - 21 / 252, 12);
    expect(passAtK(5, 0, 3)).toBe(0);
    expect(passAtK(5, 4, 2)).toBe(1); // only one failure: every pair holds a pass
    expect(passAtK(200, 10, 100)).toBeCloseTo(1 - 0.5 ** 10, 3); // large n, no overflow
    expect(() => passAtK(5, 2, 6)).toThrow(/k/);
  });

  it('the bootstrap interval of a mean is reproducible from its seed and has the expected width', () => {
    const coinFlips = Array.from({ length: 100 }, (_, i) => i % 2);
    const a = bootstrapMeanInterval(coinFlips, { seed: 7 });
    expect(bootstrapMeanInterval(coinFlips, { seed: 7 })).toEqual(a);
    const continuous = Array.from({ length: 30 }, (_, i) => Math.sin(i) ** 2);
    expect(bootstrapMeanInterval(continuous, { seed: 8 })).not.toEqual(bootstrapMeanInterval(continuous, { seed: 9 }));
    // Standard error of a mean of 100 fair coin flips is 0.05: the 95% interval is about ±0.098.
    expect(a.low).toBeGreaterThan(0.38);
    expect(a.low).toBeLessThan(0.43);
    expect(a.high).toBeGreaterThan(0.57);
    expect(a.high).toBeLessThan(0.62);
    // Skewed scores: the interval holds the sample mean and stays inside the data's range.
    const scores = [0, 0.25, 0.25, 1, 1, 1, 1, 1, 1, 1];
    const s = bootstrapMeanInterval(scores, { seed: 1, samples: 4000 });
    expect(s.low).toBeLessThan(0.75);
    expect(s.high).toBeGreaterThan(0.75);
    expect(s.low).toBeGreaterThanOrEqual(0);
    expect(s.high).toBeLessThanOrEqual(1);
    expect(s.high - s.low).toBeGreaterThan(0.2);
    // No variation, no uncertainty.
    expect(bootstrapMeanInterval([0.5, 0.5, 0.5], { seed: 3 })).toEqual({ low: 0.5, high: 0.5 });
    // A narrower confidence gives a narrower interval.
    const narrow = bootstrapMeanInterval(coinFlips, { seed: 7, confidence: 0.5 });
    expect(narrow.high - narrow.low).toBeLessThan(a.high - a.low);
  });
});
