/**
 * The lab's measurements on the corpus in one place: relevance at k, the threshold sweep,
 * the dimensionality sweep, drift and a migration check. Given code: it only composes the
 * modules you write. `scripts/report.ts` prints it and writes the chart.
 *
 * The model and store come from the caller (the script reads the environment), so the same
 * report runs on the offline embedder + memory store and on a real model + Qdrant.
 */
import type { EmbeddingModel } from '@workshop/llm';
import { OfflineEmbeddingModel } from '@workshop/llm';
import type { VectorStore } from '@workshop/vector';
import { docText, loadCorpus, loadQueries } from './corpus.ts';
import { type DimensionRow, dimensionSweep, pickDimensions } from './dimensions.ts';
import { type DriftReport, detectDrift } from './drift.ts';
import { type AtKRow, evaluateAtK, runQueries, sweepThresholds, type ThresholdRow } from './evaluation.ts';
import { type MigrationCheck, ShadowMigration } from './migration.ts';
import { EmbeddingPipeline } from './pipeline.ts';

/** Everything the README reports. */
export interface LabReport {
  model: string;
  store: string;
  documents: number;
  queries: { answerable: number; unanswerable: number };
  atK: AtKRow[];
  /** Threshold sweep on the top `SWEEP_K` hits. */
  sweep: ThresholdRow[];
  dimensions: DimensionRow[];
  /** The stated budget: the largest share of the exact Recall@10 a smaller size may lose. */
  lossBudget: number;
  picked: DimensionRow;
  /** Same model, embedded text changed (title + body → body only): a pipeline change, one space. */
  preprocessingDrift: DriftReport;
  /** Two versions of the offline model (384 → 256 buckets): different spaces. */
  versionDrift: DriftReport;
  /** Shadow migration from the report's model to the offline model at 768 dimensions. */
  migration: MigrationCheck;
}

export const KS = [1, 3, 5, 10, 20];
export const SWEEP_K = 10;
export const THRESHOLDS = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6];
export const LOSS_BUDGET = 0.05;
export const DRIFT = { k: 5, minOverlap: 0.7, maxCentroidShift: 0.02 };
export const GATE = { k: 10, minOverlap: 0.6, minRecall: 0.7 };

function sizesFor(full: number): number[] {
  const sizes = [full];
  for (let d = full; d >= 16; d >>= 1) sizes.push(d, Math.round(d * 0.75));
  return [...new Set(sizes)].filter((d) => d <= full).sort((a, b) => b - a);
}

/** Run every measurement with `model` on `store` (collections `lab08-…` are created and dropped). */
export async function buildReport(model: EmbeddingModel, store: VectorStore): Promise<LabReport> {
  const docs = loadCorpus();
  const queries = loadQueries();
  const names = ['lab08-report', 'lab08-report-text-only', 'lab08-report-v2', 'lab08-report-shadow'];
  for (const name of names) await store.deleteCollection(name);
  try {
    const pipeline = new EmbeddingPipeline({ model, store, collection: 'lab08-report' });
    await pipeline.index(docs);

    const runs = await runQueries(
      async (text, topK) =>
        (await pipeline.search(text, { topK })).map((hit) => ({ id: String(hit.id), score: hit.score })),
      queries,
      Math.max(...KS),
    );
    const atK = evaluateAtK(runs, KS);
    const sweep = sweepThresholds(runs, THRESHOLDS, SWEEP_K);

    const docVectors = await pipeline.embed(docs.map(docText));
    const queryVectors = await pipeline.embed(queries.map((q) => q.text));
    const dimensions = dimensionSweep(docVectors, queryVectors, sizesFor(model.dimensions), 10);
    const picked = pickDimensions(dimensions, LOSS_BUDGET);

    const textOnly = await pipeline.embed(docs.map((doc) => doc.text));
    const preprocessingDrift = detectDrift(docVectors, textOnly, DRIFT);
    const v1 = new EmbeddingPipeline({ model: new OfflineEmbeddingModel({ dimensions: 384 }), store, collection: 'x' });
    const v2 = new EmbeddingPipeline({ model: new OfflineEmbeddingModel({ dimensions: 256 }), store, collection: 'y' });
    const versionDrift = detectDrift(await v1.embed(docs.map(docText)), await v2.embed(docs.map(docText)), DRIFT);

    const shadow = new EmbeddingPipeline({
      model: new OfflineEmbeddingModel({ dimensions: 768 }),
      store,
      collection: 'lab08-report-shadow',
    });
    const migration = new ShadowMigration({ live: pipeline, shadow, gate: GATE });
    await migration.backfill(docs);
    const check = await migration.check(queries);

    return {
      model: `${model.provider}/${model.modelId} (${model.version})`,
      store: store.provider,
      documents: docs.length,
      queries: {
        answerable: queries.filter((q) => q.relevant.length > 0).length,
        unanswerable: queries.filter((q) => q.relevant.length === 0).length,
      },
      atK,
      sweep,
      dimensions,
      lossBudget: LOSS_BUDGET,
      picked,
      preprocessingDrift,
      versionDrift,
      migration: check,
    };
  } finally {
    for (const name of names) await store.deleteCollection(name);
  }
}

const f = (x: number | null, digits = 3) => (x === null || Number.isNaN(x) ? '–' : x.toFixed(digits));

/** The report as Markdown tables (what the README quotes). */
export function formatReport(r: LabReport): string {
  const lines = [
    `model: ${r.model} · store: ${r.store} · ${r.documents} documents · ${r.queries.answerable} answerable + ${r.queries.unanswerable} unanswerable queries`,
    '',
    '| k | Recall@k | Precision@k | MRR@k | nDCG@k |',
    '| -: | -: | -: | -: | -: |',
    ...r.atK.map((x) => `| ${x.k} | ${f(x.recall)} | ${f(x.precision)} | ${f(x.mrr)} | ${f(x.ndcg)} |`),
    '',
    `Threshold sweep on the top ${SWEEP_K}:`,
    '',
    '| threshold | Recall | Precision (shown) | no-result (all) | no-result (answerable) | no-result (unanswerable) |',
    '| -: | -: | -: | -: | -: | -: |',
    ...r.sweep.map(
      (x) =>
        `| ${x.threshold} | ${f(x.recall)} | ${f(x.precision)} | ${f(x.noResultRate)} | ${f(x.noResultAnswerable)} | ${f(x.noResultUnanswerable)} |`,
    ),
    '',
    'Dimensionality (Matryoshka-style truncation, Recall@10 against the full-size exact top 10):',
    '',
    '| dimensions | Recall@10 | loss | bytes/vector | memory saved |',
    '| -: | -: | -: | -: | -: |',
    ...r.dimensions.map(
      (x) =>
        `| ${x.dimensions} | ${f(x.recallAtK)} | ${f(x.recallLoss)} | ${x.bytesPerVector} | ${(x.memorySaved * 100).toFixed(1)} % |`,
    ),
    '',
    `Smallest size within a ${r.lossBudget * 100} % loss budget: ${r.picked.dimensions} dimensions (loss ${f(r.picked.recallLoss)}, ${(r.picked.memorySaved * 100).toFixed(1)} % memory saved).`,
    '',
    `Drift, title+body → body only (same model): centroid shift ${f(r.preprocessingDrift.centroidShift, 4)}, overlap@${r.preprocessingDrift.k} ${f(r.preprocessingDrift.overlapAtK)}, alert: ${r.preprocessingDrift.alert ? r.preprocessingDrift.reasons.join('; ') : 'no'}`,
    `Drift, offline-hash 384d → 256d (two versions): centroid shift ${f(r.versionDrift.centroidShift, 4)}, overlap@${r.versionDrift.k} ${f(r.versionDrift.overlapAtK)}, alert: ${r.versionDrift.alert ? r.versionDrift.reasons.join('; ') : 'no'}`,
    `Migration check → offline-hash 768d (gate overlap@${GATE.k} ≥ ${GATE.minOverlap}, Recall@${GATE.k} ≥ ${GATE.minRecall}): overlap ${f(r.migration.overlapAtK)}, live recall ${f(r.migration.liveRecall)}, shadow recall ${f(r.migration.shadowRecall)}, ${r.migration.ready ? 'ready to cut over' : `blocked: ${r.migration.reasons.join('; ')}`}`,
  ];
  return lines.join('\n');
}
