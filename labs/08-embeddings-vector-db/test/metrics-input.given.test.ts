import { ndcgAtK, precisionAtK, recallAtK } from '@lab/metrics.ts';
import { describe, expect, it } from 'vitest';

// Five retrieved ids; two of the three relevant ones were found, at ranks 2 and 5.
const RANKED = ['a', 'b', 'c', 'd', 'e'];
const RELEVANT = ['b', 'e', 'z'];

// Given code (not a checkpoint): runs in the lab's `pnpm test` against the solution.
describe('metric input validation (given)', () => {
  it('refuses a query without relevant documents and a k that is not a positive integer', () => {
    expect(() => recallAtK(RANKED, [], 5)).toThrow(/no relevant/);
    expect(() => precisionAtK(RANKED, [], 5)).toThrow(/no relevant/);
    expect(() => ndcgAtK(RANKED, RELEVANT, 0)).toThrow(/k must be a positive integer/);
    expect(() => recallAtK(RANKED, RELEVANT, 1.5)).toThrow(/k must be a positive integer/);
  });
});
