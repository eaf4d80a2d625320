import { EF_GRID, type EfRow, efSweep, HnswIndex, QDRANT_DEFAULT_GRAPH } from '@lab/ann.ts';
import { loadScaleData, overlapAtK } from '@lab/collection.ts';
import { annSearch, chooseOperatingPoint, createAnnCollection } from '@lab/operating-point.ts';
import { ANN_TARGET } from '@lab/policy.ts';
import { expectMetric, useMockNetwork } from '@workshop/testkit';
import { createQdrantVectorStore } from '@workshop/vector';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadNeighbours, perQueryRecalls } from './data.ts';

const network = useMockNetwork();
const DEV_REPORT = 'calibrate on dev: node labs/08-embeddings-vector-db/src/dev-report.ts';
const target = ANN_TARGET.minRecall;

/** The HNSW index (Qdrant's default graph), the dev sweep and the test data, once per file. */
let prepared: Promise<Awaited<ReturnType<typeof prepare>>> | undefined;
async function prepare() {
  const devData = await loadScaleData(loadNeighbours('dev'));
  const testData = await loadScaleData(loadNeighbours('test'));
  const index = HnswIndex.build(devData.collection, QDRANT_DEFAULT_GRAPH);
  return { index, devSweep: efSweep(index, devData), testSweep: efSweep(index, testData), testData };
}
const onTest = async () => {
  prepared ??= prepare();
  const { index, devSweep, testSweep, testData } = await prepared;
  const point = chooseOperatingPoint(devSweep, QDRANT_DEFAULT_GRAPH, ANN_TARGET);
  const recall = (ef: number) => {
    const measured = testSweep.find((row) => row.ef === ef);
    if (measured) return measured.recallAt10;
    const found = index.search(testData.queries, ef);
    return found.reduce((sum, rows, q) => sum + overlapAtK(rows, testData.truth[q] ?? [], 10), 0) / found.length;
  };
  return { point, recall };
};

describe('DoD-3 the HNSW operating point, chosen on dev, holds on the test split', () => {
  it(`keeps Recall@10 of at least ${target} against exact search on the test queries`, async () => {
    const { point, recall } = await onTest();
    expectMetric(
      { name: 'ann recall@10', value: recall(point.ef), target: `>= ${target}`, unit: 'ratio' },
      `ef ${point.ef}, m ${point.m}, ef_construct ${point.efConstruct}, 150 test queries; ${DEV_REPORT}`,
    );
  });

  it('does not pay for recall it does not need: ef at most twice the smallest that meets the target on test', async () => {
    const { point, recall } = await onTest();
    const smallest = EF_GRID.find((ef) => recall(ef) >= target) ?? Math.max(...EF_GRID);
    expectMetric(
      { name: 'ef', value: point.ef, target: `<= ${2 * smallest}`, unit: 'count' },
      `each search keeps ef candidates: the work (and latency, see pnpm bench) grows with it; ${DEV_REPORT}`,
    );
  });

  it('gives Qdrant the measured graph when the collection is created, and the chosen ef with every search', async () => {
    const { point } = await onTest();
    const store = createQdrantVectorStore({ url: network.qdrant.baseURL });
    await createAnnCollection(store, 'words', 3, point);
    await store.upsert('words', [{ id: 1, vector: [1, 0, 0] }]);
    expect(await annSearch(store, 'words', [1, 0.1, 0], point)).toHaveLength(1);
    const create = network.qdrant.requests.find((r) => r.method === 'PUT' && r.path === '/collections/words');
    expect(create?.body).toMatchObject({
      vectors: { size: 3, distance: 'Cosine' },
      hnsw_config: { m: QDRANT_DEFAULT_GRAPH.m, ef_construct: QDRANT_DEFAULT_GRAPH.efConstruct },
    });
    const query = network.qdrant.requests.find((r) => r.path === '/collections/words/points/query');
    expect(query?.body).toMatchObject({ limit: 10, params: { hnsw_ef: point.ef } });
  });
});

/** Dev sweeps: recall rising with ef, measured on 100–300 queries. */
const sweep = fc
  .record({
    start: fc.integer({ min: 600, max: 950 }),
    steps: fc.array(fc.integer({ min: 0, max: 60 }), { minLength: EF_GRID.length, maxLength: EF_GRID.length }),
    queries: fc.integer({ min: 100, max: 300 }),
  })
  .map(({ start, steps, queries }): EfRow[] => {
    let permille = start;
    return EF_GRID.map((ef, i) => {
      if (i > 0) permille = Math.min(1000, permille + (steps[i] ?? 0));
      const perQuery = perQueryRecalls(permille / 1000, queries);
      return { ef, recallAt10: perQuery.reduce((sum, x) => sum + x, 0) / queries, perQuery };
    });
  });
const graph = { m: 12, efConstruct: 80 };

describe('DoD-3 the choice follows the sweep and the target, not a favourite ef', () => {
  it('never picks an ef whose measured recall is below the target, and keeps the graph it was measured on', () => {
    fc.assert(
      fc.property(
        sweep,
        fc.integer({ min: 800, max: 990 }).map((n) => n / 1000),
        (rows, minRecall) => {
          fc.pre(rows.some((row) => row.recallAt10 >= minRecall + 0.03));
          const point = chooseOperatingPoint(rows, graph, { minRecall });
          expect(rows.find((row) => row.ef === point.ef)?.recallAt10).toBeGreaterThanOrEqual(minRecall);
          expect(point).toMatchObject(graph);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('picks the smallest ef when every ef finds the whole exact top 10', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 300 }), (queries) => {
        const rows = EF_GRID.map((ef) => ({ ef, recallAt10: 1, perQuery: new Array<number>(queries).fill(1) }));
        expect(chooseOperatingPoint(rows, graph, { minRecall: 0.95 }).ef).toBe(EF_GRID[0]);
      }),
      { numRuns: 20 },
    );
  });

  it('never picks a larger ef for a lower target', () => {
    fc.assert(
      fc.property(sweep, fc.integer({ min: 800, max: 970 }), fc.integer({ min: 800, max: 970 }), (rows, a, b) => {
        const [low, high] = [Math.min(a, b) / 1000, Math.max(a, b) / 1000];
        fc.pre(rows.some((row) => row.recallAt10 >= high + 0.03));
        expect(chooseOperatingPoint(rows, graph, { minRecall: low }).ef).toBeLessThanOrEqual(
          chooseOperatingPoint(rows, graph, { minRecall: high }).ef,
        );
      }),
      { numRuns: 80 },
    );
  });
});
