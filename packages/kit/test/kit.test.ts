import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  cosineSimilarity,
  latencyPercentiles,
  mean,
  percentile,
  seededRandom,
  shuffled,
  wilsonInterval,
} from '../src/index.ts';

describe('percentile (nearest-rank)', () => {
  it('returns a measured value, the slowest for p99 of a small run', () => {
    const values = [120, 80, 95, 300, 101];
    expect(percentile(values, 50)).toBe(101);
    expect(percentile(values, 99)).toBe(300);
    expect(latencyPercentiles(values)).toEqual({ p50: 101, p95: 300, p99: 300 });
    expect(values).toEqual([120, 80, 95, 300, 101]);
  });

  it('is a member of the input and monotone in p', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1 }), (values) => {
        const p50 = percentile(values, 50);
        expect(values).toContain(p50);
        expect(percentile(values, 95)).toBeGreaterThanOrEqual(p50);
      }),
    );
  });

  it('refuses what has no percentile', () => {
    expect(() => percentile([], 50)).toThrow(/no values/);
    expect(() => percentile([1], 0)).toThrow(/p must be/);
    expect(() => mean([])).toThrow(/no values/);
  });
});

describe('wilsonInterval', () => {
  it('matches the textbook values (statsmodels proportion_confint, method="wilson")', () => {
    const { low, high } = wilsonInterval(11, 12);
    expect(low).toBeCloseTo(0.6461, 3);
    expect(high).toBeCloseTo(0.9851, 3);
    expect(wilsonInterval(0, 10).low).toBe(0);
    expect(wilsonInterval(10, 10).high).toBe(1);
  });

  it('contains the point estimate and narrows with more trials', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, rate) => {
        const k = Math.round(rate * n);
        const small = wilsonInterval(k, n);
        const large = wilsonInterval(k * 4, n * 4);
        expect(small.low).toBeLessThanOrEqual(k / n + 1e-12);
        expect(small.high).toBeGreaterThanOrEqual(k / n - 1e-12);
        expect(large.high - large.low).toBeLessThan(small.high - small.low + 1e-12);
      }),
    );
  });
});

describe('seededRandom and shuffled', () => {
  it('repeats for a seed and permutes without losing items', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    const once = shuffled(items, seededRandom(7));
    expect(once).toEqual(shuffled(items, seededRandom(7)));
    expect([...once].sort()).toEqual(items);
  });
});

describe('canonicalJson', () => {
  it('gives equal values equal bytes whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }] })).toBe(canonicalJson({ a: [{ c: null, d: 2 }], b: 1 }));
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(TypeError);
  });
});

describe('cosineSimilarity', () => {
  it('is 1 for the same direction, 0 for a zero vector, and refuses mismatched lengths', () => {
    expect(cosineSimilarity([1, 2], [2, 4])).toBeCloseTo(1);
    expect(cosineSimilarity([0, 0], [1, 0])).toBe(0);
    expect(() => cosineSimilarity([1], [1, 2])).toThrow(/lengths differ/);
  });
});
