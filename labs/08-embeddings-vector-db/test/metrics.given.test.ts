// Given code (not a checkpoint): runs in the lab's `pnpm test:reference` against the solution.
import { ndcgAtK, noResultRate, precisionAtK, recallAtK, reciprocalRank } from '@lab/metrics.ts';
import { describe, expect, it } from 'vitest';

// Five retrieved ids; two of the three relevant ones were found, at ranks 2 and 5.
const RANKED = ['a', 'b', 'c', 'd', 'e'];
const RELEVANT = ['b', 'e', 'z'];

describe('(given) retrieval metrics match hand-computed values', () => {
  it('Recall@k = relevant found in the top k / all relevant', () => {
    expect(recallAtK(RANKED, RELEVANT, 1)).toBe(0);
    expect(recallAtK(RANKED, RELEVANT, 2)).toBeCloseTo(1 / 3, 12);
    expect(recallAtK(RANKED, RELEVANT, 5)).toBeCloseTo(2 / 3, 12);
    expect(recallAtK(RANKED, RELEVANT, 50)).toBeCloseTo(2 / 3, 12);
    expect(recallAtK(['b', 'b'], ['b', 'e'], 2)).toBe(0.5);
  });

  it('Precision@k = relevant found in the top k / k, even when fewer than k were retrieved', () => {
    expect(precisionAtK(RANKED, RELEVANT, 1)).toBe(0);
    expect(precisionAtK(RANKED, RELEVANT, 2)).toBe(0.5);
    expect(precisionAtK(RANKED, RELEVANT, 5)).toBeCloseTo(0.4, 12);
    expect(precisionAtK(RANKED, RELEVANT, 10)).toBeCloseTo(0.2, 12);
    expect(precisionAtK(['b', 'b'], ['b', 'e'], 2)).toBe(0.5);
  });

  it('reciprocal rank = 1 / rank of the first relevant hit, 0 when none', () => {
    expect(reciprocalRank(RANKED, RELEVANT)).toBe(0.5);
    expect(reciprocalRank(['e', 'a'], RELEVANT)).toBe(1);
    expect(reciprocalRank(['a', 'c', 'd', 'z'], RELEVANT)).toBe(0.25);
    expect(reciprocalRank(['a', 'c'], RELEVANT)).toBe(0);
    expect(reciprocalRank([], RELEVANT)).toBe(0);
  });

  it('nDCG@k with binary gains and a log2(rank + 1) discount, against the ideal ranking', () => {
    // DCG@5 = 1/log2(3) + 1/log2(6); ideal: three relevant at ranks 1–3 = 1 + 1/log2(3) + 1/log2(4).
    expect(ndcgAtK(RANKED, RELEVANT, 5)).toBeCloseTo(0.477621, 5);
    // DCG@2 = 1/log2(3); ideal@2 = 1 + 1/log2(3): only min(|relevant|, k) ideal slots.
    expect(ndcgAtK(RANKED, RELEVANT, 2)).toBeCloseTo(0.386853, 5);
    expect(ndcgAtK(['b', 'e', 'z', 'a'], RELEVANT, 3)).toBeCloseTo(1, 12);
    expect(ndcgAtK(['z'], RELEVANT, 10)).toBeCloseTo(1 / (1 + 1 / Math.log2(3) + 0.5), 12);
    expect(ndcgAtK(['a', 'c'], RELEVANT, 2)).toBe(0);
  });

  it('no-result rate = share of empty result lists', () => {
    expect(noResultRate([[], ['a'], [], ['b', 'c']])).toBe(0.5);
    expect(noResultRate([['a'], ['b']])).toBe(0);
    expect(noResultRate([[], [], []])).toBe(1);
    expect(noResultRate([])).toBe(0);
  });
});

describe('(given) metric input validation', () => {
  it('refuses a query without relevant documents and a k that is not a positive integer', () => {
    expect(() => recallAtK(['a', 'b'], [], 5)).toThrow(/no relevant/);
    expect(() => precisionAtK(['a', 'b'], [], 5)).toThrow(/no relevant/);
    expect(() => ndcgAtK(['a', 'b'], ['b'], 0)).toThrow(/k must be a positive integer/);
    expect(() => recallAtK(['a', 'b'], ['b'], 1.5)).toThrow(/k must be a positive integer/);
  });
});
