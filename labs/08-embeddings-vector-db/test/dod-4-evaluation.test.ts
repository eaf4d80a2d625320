import { renderChart, scalePoints } from '@lab/chart.ts';
import { loadCorpus, loadQueries } from '@lab/corpus.ts';
import { evaluateAtK, runQueries, sweepThresholds } from '@lab/evaluation.ts';
import { EmbeddingPipeline } from '@lab/pipeline.ts';
import type { LabelledQuery, QueryRun } from '@lab/types.ts';
import { createMemoryVectorStore } from '@workshop/vector';
import { describe, expect, it } from 'vitest';
import { offlineEmbeddings } from './support.ts';

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

/** The points of one polyline of the chart. */
function series(svg: string, id: string): { x: number; y: number }[] {
  const match = new RegExp(`<polyline[^>]*data-series="${id}"[^>]*points="([^"]*)"`).exec(svg);
  if (!match) throw new Error(`the chart has no polyline with data-series="${id}"`);
  return (match[1] ?? '')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((pair) => {
      const [x, y] = pair.split(',').map(Number);
      return { x: x as number, y: y as number };
    });
}

describe('DoD-4 relevance evaluation: metrics at k, a threshold sweep, and the chart', () => {
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

  it('measures the pipeline on the labelled corpus (offline embedder, memory store)', async () => {
    const pipeline = new EmbeddingPipeline({
      model: offlineEmbeddings(),
      store: createMemoryVectorStore(),
      collection: 'help',
    });
    await pipeline.index(loadCorpus());
    const queries = loadQueries();
    const runs = await runQueries(
      async (text, topK) => (await pipeline.search(text, { topK })).map((h) => ({ id: String(h.id), score: h.score })),
      queries,
      10,
    );
    const rows = evaluateAtK(runs, [1, 5, 10]);
    expect(rows.map((r) => r.queries)).toEqual([48, 48, 48]);
    // More results can only find more: recall and MRR never fall as k grows.
    expect(rows[1]?.recall).toBeGreaterThanOrEqual(rows[0]?.recall ?? 1);
    expect(rows[2]?.recall).toBeGreaterThanOrEqual(rows[1]?.recall ?? 1);
    expect(rows[2]?.mrr).toBeGreaterThanOrEqual(rows[0]?.mrr ?? 1);
    // Lexical retrieval finds most relevant articles in the top 10 of 72.
    expect(rows[2]?.recall).toBeGreaterThan(0.6);
    const sweep = sweepThresholds(runs, [0, 0.3, 0.6, 2], 10);
    expect(sweep.map((r) => r.noResultRate)).toEqual([...sweep.map((r) => r.noResultRate)].sort((a, b) => a - b));
    expect(sweep[3]?.noResultRate).toBe(1);
    // An oracle that ranks the relevant documents first scores perfectly.
    const oracle = evaluateAtK(
      queries.map((q) => ({ queryId: q.id, relevant: q.relevant, hits: q.relevant.map((id) => ({ id, score: 1 })) })),
      [3],
    );
    expect(oracle[0]).toMatchObject({ recall: 1, mrr: 1, ndcg: 1 });
  });

  it('scales data to SVG coordinates: x left to right, y bottom (yMin) to top (yMax); gaps are skipped', () => {
    const frame = { left: 10, top: 20, width: 100, height: 50, xMin: 1, xMax: 5, yMin: 0, yMax: 1 };
    expect(scalePoints([1, 3, 5], [0, 0.5, 1], frame)).toBe('10,70 60,45 110,20');
    expect(scalePoints([1, 2, 5], [0.25, null, Number.NaN], frame)).toBe('10,57.5');
  });

  it('renders a standalone SVG with recall and precision against k and against the threshold', () => {
    const atK = evaluateAtK(RUNS, [1, 3]);
    const sweep = sweepThresholds(RUNS, [0, 0.5, 0.95], 3);
    const svg = renderChart(atK, sweep);
    expect(svg.trimStart()).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.trimEnd()).toMatch(/<\/svg>$/);
    const recallK = series(svg, 'recall-vs-k');
    expect(recallK).toHaveLength(2);
    expect(recallK[1]?.x).toBeGreaterThan(recallK[0]?.x ?? Infinity);
    expect(recallK[1]?.y).toBeLessThan(recallK[0]?.y ?? -Infinity); // recall 1 is drawn above recall 0.25
    expect(series(svg, 'precision-vs-k')).toHaveLength(2);
    expect(series(svg, 'recall-vs-threshold')).toHaveLength(3);
    expect(series(svg, 'precision-vs-threshold')).toHaveLength(2); // no precision when nothing is shown
    const noResult = series(svg, 'no-result-vs-threshold');
    expect(noResult).toHaveLength(3);
    expect(noResult[2]?.y).toBe(series(svg, 'recall-vs-threshold')[0]?.y); // rate 1 and recall 1: same height
  });
});
