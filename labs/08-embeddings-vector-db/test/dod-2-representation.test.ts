import { loadScaleData } from '@lab/collection.ts';
import { REPRESENTATION_BUDGET } from '@lab/policy.ts';
import { chooseRepresentation } from '@lab/representation.ts';
import { measureRepresentations, type RepresentationRow } from '@lab/representations.ts';
import { expectMetric } from '@workshop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadNeighbours, perQueryRecalls } from './data.ts';

const DEV_REPORT = 'calibrate on dev: node labs/08-embeddings-vector-db/src/dev-report.ts';
const budget = REPRESENTATION_BUDGET.maxRecallLoss;

/** Every representation measured on dev (what you choose from) and on test (what judges it), once per file. */
let tables: Promise<{ dev: RepresentationRow[]; test: RepresentationRow[] }> | undefined;
const measured = () => {
  tables ??= (async () => ({
    dev: measureRepresentations(await loadScaleData(loadNeighbours('dev'))),
    test: measureRepresentations(await loadScaleData(loadNeighbours('test'))),
  }))();
  return tables;
};
const onTest = async () => {
  const { dev, test } = await measured();
  const chosen = chooseRepresentation(dev, REPRESENTATION_BUDGET);
  const judged = test.find((row) => row.name === chosen.name);
  if (!judged) throw new Error(`chooseRepresentation returned "${chosen.name}", which is not a measured row`);
  return { judged, test };
};

describe('DoD-2 the smallest representation within the Recall@10 budget, chosen on dev', () => {
  it(`loses at most ${budget} of the exact top 10 on the test queries`, async () => {
    const { judged } = await onTest();
    expectMetric(
      { name: 'recall@10 loss', value: judged.recallLoss, target: `<= ${budget}`, unit: 'ratio' },
      `${judged.name} on 150 test queries; ${DEV_REPORT}`,
    );
  });

  it('is the smallest that does: no representation with fewer bytes stays within the budget on test', async () => {
    const { judged, test } = await onTest();
    const smallest = Math.min(...test.filter((row) => row.recallLoss <= budget).map((row) => row.bytesPerVector));
    expectMetric(
      { name: 'bytes per vector', value: judged.bytesPerVector, target: `<= ${smallest}`, unit: 'B' },
      `${judged.name}; float32 at full size is ${test[0]?.bytesPerVector} B; ${DEV_REPORT}`,
    );
  });
});

/** Measured tables: the full float32 row (lossless) and candidates with fewer bytes and some loss. */
const table = fc
  .array(
    fc.record({
      bytes: fc.integer({ min: 8, max: 399 }),
      loss: fc.integer({ min: 0, max: 400 }).map((n) => n / 1000),
      queries: fc.integer({ min: 100, max: 300 }),
    }),
    { minLength: 1, maxLength: 10 },
  )
  .map((rows): RepresentationRow[] => [
    row('float32 × 100', 400, 0, 150),
    ...rows.map((r, i) => row(`candidate ${i}`, r.bytes, r.loss, r.queries)),
  ]);

function row(name: string, bytes: number, loss: number, queries: number): RepresentationRow {
  // Per-query recalls whose mean is the row's recall (tenths, as Recall@10 is).
  const perQuery = perQueryRecalls(1 - loss, queries);
  const recallAt10 = perQuery.reduce((sum, x) => sum + x, 0) / queries;
  return {
    name,
    dimensions: 100,
    encoding: 'float32',
    rescore: 0,
    bytesPerVector: bytes,
    diskBytesPerVector: 0,
    recallAt10,
    recallLoss: 1 - recallAt10,
    perQuery,
  };
}

describe('DoD-2 the choice follows the measurements and the budget, not a favourite', () => {
  it('never picks a row whose measured loss is over the budget', () => {
    fc.assert(
      fc.property(
        table,
        fc.integer({ min: 0, max: 300 }).map((n) => n / 1000),
        (rows, maxRecallLoss) => {
          expect(chooseRepresentation(rows, { maxRecallLoss }).recallLoss).toBeLessThanOrEqual(maxRecallLoss + 1e-9);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('picks the fewest bytes among rows that are clearly within the budget', () => {
    fc.assert(
      fc.property(table, (rows) => {
        // Clearly within: lossless rows. Everything else is far over the budget.
        const clear = rows.map((r, i) =>
          i % 2 === 0 ? row(r.name, r.bytesPerVector, 0, 200) : row(r.name, r.bytesPerVector, 0.5, 200),
        );
        const smallest = Math.min(...clear.filter((r) => r.recallLoss === 0).map((r) => r.bytesPerVector));
        expect(chooseRepresentation(clear, { maxRecallLoss: 0.05 }).bytesPerVector).toBe(smallest);
      }),
      { numRuns: 80 },
    );
  });

  it('never picks more bytes when the budget grows', () => {
    fc.assert(
      fc.property(table, fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 }), (rows, a, b) => {
        const [tight, loose] = [Math.min(a, b) / 1000, Math.max(a, b) / 1000];
        expect(chooseRepresentation(rows, { maxRecallLoss: loose }).bytesPerVector).toBeLessThanOrEqual(
          chooseRepresentation(rows, { maxRecallLoss: tight }).bytesPerVector,
        );
      }),
      { numRuns: 80 },
    );
  });
});
