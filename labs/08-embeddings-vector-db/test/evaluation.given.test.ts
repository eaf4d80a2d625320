// Given code (not a checkpoint): runs in the lab's `pnpm test:reference` against the solution.
import { evaluateAtK, pairedChange, runQueries, sweepThresholds } from '@lab/evaluation.ts';
import type { LabelledQuery, QueryRun } from '@lab/types.ts';
import { describe, expect, it } from 'vitest';

// Two answerable queries and one without a relevant document.
const RUNS: QueryRun[] = [
  {
    queryId: 'q1',
    relevant: ['d1'],
    hits: [
      { id: 'd2', score: 0.9 },
      { id: 'd1', score: 0.8 },
      { id: 'd3', score: 0.1 },
    ],
  },
  {
    queryId: 'q2',
    relevant: ['d3', 'd4'],
    hits: [
      { id: 'd3', score: 0.7 },
      { id: 'd5', score: 0.6 },
      { id: 'd4', score: 0.3 },
    ],
  },
  { queryId: 'q3', relevant: [], hits: [{ id: 'd1', score: 0.2 }] },
];

describe('(given) relevance evaluation: metrics at k and a threshold sweep', () => {
  it('averages each metric at k over the answerable queries only', () => {
    const [at1, at3] = evaluateAtK(RUNS, [1, 3]);
    expect(at1).toMatchObject({ k: 1, recall: 0.25, precision: 0.5, mrr: 0.5, ndcg: 0.5, queries: 2 });
    expect(at3?.k).toBe(3);
    expect(at3?.recall).toBeCloseTo(1, 12);
    expect(at3?.precision).toBeCloseTo(0.5, 12);
    expect(at3?.mrr).toBeCloseTo(0.75, 12);
    // q1: (1/log2 3) / 1; q2: (1 + 1/log2 4) / (1 + 1/log2 3)
    expect(at3?.ndcg).toBeCloseTo(0.775325, 5);
  });

  it('sweeps thresholds: recall, precision of what is shown, and no-result rates split by answerability', () => {
    const [t0, t5, t95] = sweepThresholds(RUNS, [0, 0.5, 0.95], 3);
    expect(t0).toMatchObject({
      threshold: 0,
      recall: 1,
      noResultRate: 0,
      noResultAnswerable: 0,
      noResultUnanswerable: 0,
    });
    expect(t0?.precision).toBeCloseTo(1 / 3, 12);
    expect(t5).toMatchObject({
      threshold: 0.5,
      recall: 0.75,
      precision: 0.5,
      noResultAnswerable: 0,
      noResultUnanswerable: 1,
    });
    expect(t5?.noResultRate).toBeCloseTo(1 / 3, 12);
    expect(t95).toMatchObject({
      recall: 0,
      precision: null,
      noResultRate: 1,
      noResultAnswerable: 1,
      noResultUnanswerable: 1,
    });
  });

  it('runs each query once through the retriever and keeps its top k', async () => {
    const asked: [string, number][] = [];
    const queries: LabelledQuery[] = [
      { id: 'a', text: 'first', relevant: ['x'] },
      { id: 'b', text: 'second', relevant: [] },
    ];
    const runs = await runQueries(
      async (text, topK) => {
        asked.push([text, topK]);
        return ['x', 'y', 'z', 'w'].map((id, i) => ({ id: `${text}-${id}`, score: 1 - i / 10 }));
      },
      queries,
      3,
    );
    expect(asked).toEqual([
      ['first', 3],
      ['second', 3],
    ]);
    expect(runs[0]).toEqual({
      queryId: 'a',
      relevant: ['x'],
      hits: [
        { id: 'first-x', score: 1 },
        { id: 'first-y', score: 0.9 },
        { id: 'first-z', score: 0.8 },
      ],
    });
    expect(runs[1]?.relevant).toEqual([]);
  });

  it('measures a paired change with its interval: identical answers are sure, mixed ones are not', () => {
    expect(pairedChange([1, 0, 0.5], [1, 0, 0.5])).toEqual({ mean: 0, low: 0, high: 0, better: 0, worse: 0 });
    // Differences +1, −1, 0, 0: mean 0, sample sd √(2/3), half-width 1.96 × √(2/3) / 2.
    const mixed = pairedChange([0, 1, 1, 0], [1, 0, 1, 0]);
    expect(mixed).toMatchObject({ mean: 0, better: 1, worse: 1 });
    expect(mixed.high).toBeCloseTo(0.98 * Math.sqrt(2 / 3), 12);
    expect(mixed.low).toBeCloseTo(-mixed.high, 12);
    expect(() => pairedChange([1, 0], [1])).toThrow(/same 2 or more queries/);
  });
});
