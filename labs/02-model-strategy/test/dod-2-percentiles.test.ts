import { percentile, summariseLatencies } from '@lab/percentile.ts';
import { describe, expect, it } from 'vitest';

describe('DoD-2 latency percentiles use the nearest-rank method', () => {
  // 1..20 in a scrambled order: the function must sort (a copy) itself.
  const scrambled = [7, 19, 3, 12, 1, 20, 15, 9, 4, 18, 11, 2, 16, 6, 14, 10, 17, 5, 13, 8];

  it('returns the value at rank ceil(p/100 * n) of the sorted values', () => {
    expect(percentile(scrambled, 50)).toBe(10);
    expect(percentile(scrambled, 95)).toBe(19);
    expect(percentile(scrambled, 99)).toBe(20);
    expect(percentile(scrambled, 100)).toBe(20);
    expect(percentile(scrambled, 1)).toBe(1);
    expect(percentile([400, 100, 300, 200], 50)).toBe(200);
    expect(percentile([400, 100, 300, 200], 95)).toBe(400);
    // 12 calls (the golden set's size): p95 is rank ceil(11.4) = 12, the slowest call — rounding would say 11.
    const twelve = [12, 3, 7, 1, 9, 11, 5, 2, 10, 4, 8, 6];
    expect(percentile(twelve, 95)).toBe(12);
    expect(percentile(twelve, 50)).toBe(6);
  });

  it('never interpolates: every percentile is a latency that was measured', () => {
    const measured = [102.5, 98.25, 250.75, 120, 99];
    for (const p of [50, 90, 95, 99]) expect(measured).toContain(percentile(measured, p));
  });

  it('does not reorder the caller’s array', () => {
    const copy = [...scrambled];
    percentile(scrambled, 95);
    expect(scrambled).toEqual(copy);
  });

  it('summarises p50, p95 and p99 together', () => {
    expect(summariseLatencies(scrambled)).toEqual({ p50: 10, p95: 19, p99: 20 });
    expect(summariseLatencies([42])).toEqual({ p50: 42, p95: 42, p99: 42 });
  });

  it('rejects an empty list and a p outside (0, 100] instead of inventing a number', () => {
    expect(() => percentile([], 50)).toThrow(/empty|no values/i);
    // The message names the bad value.
    expect(() => percentile([1, 2], 0)).toThrow(/\b0\b/);
    expect(() => percentile([1, 2], 101)).toThrow(/101/);
  });
});
