import { docText, loadCorpus, loadQueries } from '@lab/corpus.ts';
import { type DimensionRow, dimensionSweep, pickDimensions, truncate } from '@lab/dimensions.ts';
import { hashEmbedding } from '@workshop/llm';
import { describe, expect, it } from 'vitest';

const row = (dimensions: number, recallLoss: number): DimensionRow => ({
  dimensions,
  recallAtK: 1 - recallLoss,
  recallLoss,
  bytesPerVector: dimensions * 4,
  totalBytes: dimensions * 400,
  memorySaved: 1 - dimensions / 384,
});

describe('DoD-5 dimensionality: truncate, measure Recall@10 lost and memory saved, pick a size', () => {
  it('truncates to the first d components and re-normalises to unit length', () => {
    const v = truncate([3, 4, 12], 2);
    expect(v[0]).toBeCloseTo(0.6, 12);
    expect(v[1]).toBeCloseTo(0.8, 12);
    expect(v).toHaveLength(2);
    expect(truncate([0, 0, 5], 2)).toEqual([0, 0]);
    expect(truncate([0.5, 0.5], 2).reduce((s, x) => s + x * x, 0)).toBeCloseTo(1, 12);
    expect(() => truncate([1, 2, 3], 0)).toThrow(/dimensions/);
    expect(() => truncate([1, 2, 3], 4)).toThrow(/dimensions/);
  });

  it('measures recall against the full-size exact ranking and the memory at each size (hand example)', () => {
    // In 3 dimensions q0 is closest to d1; cut to 2 dimensions it is closest to d0 — one of two queries loses.
    const docs = [
      [1, 0, 0],
      [0.6, 0.1, 0.79],
      [0, 1, 0],
    ];
    const queries = [
      [0.6, 0, 0.8],
      [0, 1, 0],
    ];
    const [full, cut] = dimensionSweep(docs, queries, [3, 2], 1);
    expect(full).toEqual({
      dimensions: 3,
      recallAtK: 1,
      recallLoss: 0,
      bytesPerVector: 12,
      totalBytes: 36,
      memorySaved: 0,
    });
    expect(cut).toMatchObject({ dimensions: 2, recallAtK: 0.5, recallLoss: 0.5, bytesPerVector: 8, totalBytes: 24 });
    expect(cut?.memorySaved).toBeCloseTo(1 / 3, 12);
  });

  it('on the corpus: full size recalls its own top 10, smaller sizes save memory proportionally', () => {
    const docs = loadCorpus().map((doc) => hashEmbedding(docText(doc), 384));
    const queries = loadQueries().map((q) => hashEmbedding(q.text, 384));
    const rows = dimensionSweep(docs, queries, [384, 192, 96], 10);
    expect(rows.map((r) => r.dimensions)).toEqual([384, 192, 96]);
    expect(rows[0]?.recallAtK).toBe(1);
    expect(rows.map((r) => r.memorySaved)).toEqual([0, 0.5, 0.75]);
    expect(rows.map((r) => r.totalBytes)).toEqual([72 * 384 * 4, 72 * 192 * 4, 72 * 96 * 4]);
    for (const r of rows.slice(1)) {
      expect(r.recallAtK).toBeGreaterThan(0);
      expect(r.recallAtK).toBeLessThan(1); // the hashing embedder is not Matryoshka-trained: cutting loses
      expect(r.recallLoss).toBeCloseTo(1 - r.recallAtK, 12);
    }
  });

  it('picks the smallest size whose loss fits the budget', () => {
    const rows = [row(384, 0), row(256, 0.02), row(128, 0.04), row(64, 0.2)];
    expect(pickDimensions(rows, 0.05).dimensions).toBe(128);
    expect(pickDimensions(rows, 0.02).dimensions).toBe(256);
    expect(pickDimensions(rows, 0).dimensions).toBe(384);
    expect(pickDimensions([...rows].reverse(), 0.5).dimensions).toBe(64);
    expect(() => pickDimensions([row(64, 0.2)], 0.05)).toThrow(/0.05/);
    expect(() => pickDimensions(rows, -1)).toThrow(/maxLoss/);
  });
});
