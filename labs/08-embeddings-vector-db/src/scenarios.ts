/**
 * The lab's measurements with real models, shared by `src/dev-report.ts` and the DoD tests: each
 * offline model's runs over labelled queries, and a shadow migration between two of them on the
 * memory store. Given code: the same file in the starter and the solution.
 */
import { type EmbeddingModel, GloveEmbeddingModel, OfflineEmbeddingModel } from '@workshop/llm';
import { createMemoryVectorStore } from '@workshop/vector';
import { docText, loadCorpus } from './corpus.ts';
import { DiskEmbeddingCache } from './disk-cache.ts';
import { runQueries } from './evaluation.ts';
import { type MigrationEvidence, ShadowMigration } from './migration.ts';
import { EmbeddingPipeline } from './pipeline.ts';
import type { CutOverPolicy } from './policy.ts';
import type { Doc, LabelledQuery, QueryRun } from './types.ts';

/**
 * One embedding cache for every pipeline, keyed by model version and content hash (the pipeline's
 * own key) and kept on disk: the corpus and the questions are embedded once per model, however many
 * migrations are measured and however often the tests re-run.
 */
const sharedCache = new DiskEmbeddingCache();

/** The two offline models: the live index's (lexical feature hashing) and the candidate's (GloVe averages). */
export type ModelName = 'hash' | 'glove';

export function offlineModel(name: ModelName): EmbeddingModel {
  return name === 'hash' ? new OfflineEmbeddingModel() : new GloveEmbeddingModel();
}

/** Every query's top `topK` with its scores, no threshold applied: what a threshold is chosen from. */
export async function modelRuns(model: EmbeddingModel, queries: LabelledQuery[], topK = 10): Promise<QueryRun[]> {
  const pipeline = new EmbeddingPipeline({
    model,
    store: createMemoryVectorStore(),
    collection: 'help-centre',
    cache: sharedCache,
  });
  await pipeline.index(loadCorpus());
  const runs = await runQueries(
    async (text, k) =>
      (await pipeline.search(text, { topK: k })).map((hit) => ({ id: String(hit.id), score: hit.score })),
    queries,
    topK,
  );
  sharedCache.flush();
  return runs;
}

/** One side of a migration: a model and the threshold it is served with. */
export interface Side {
  model: EmbeddingModel;
  threshold: number;
}

/**
 * A shadow migration from `live` to `shadow` on a fresh memory store: the live collection holds the
 * corpus, the shadow is backfilled (with only the first `backfilled` documents, to show a migration
 * caught half way), then `check(queries)` gathers the evidence.
 */
export async function migrationEvidence(
  live: Side,
  shadow: Side,
  queries: LabelledQuery[],
  policy: CutOverPolicy,
  backfilled?: number,
): Promise<{ migration: ShadowMigration; evidence: MigrationEvidence }> {
  const store = createMemoryVectorStore();
  const docs: Doc[] = loadCorpus();
  const migration = new ShadowMigration({
    live: {
      pipeline: new EmbeddingPipeline({ model: live.model, store, collection: 'help-centre', cache: sharedCache }),
      threshold: live.threshold,
    },
    shadow: {
      pipeline: new EmbeddingPipeline({
        model: shadow.model,
        store,
        collection: 'help-centre-next',
        cache: sharedCache,
      }),
      threshold: shadow.threshold,
    },
    policy,
  });
  await migration.live.pipeline.index(docs);
  await migration.backfill(docs.slice(0, backfilled ?? docs.length));
  const evidence = await migration.check(queries);
  sharedCache.flush();
  return { migration, evidence };
}

/** Texts embedded for the corpus (for reports that embed it themselves). */
export function corpusTexts(): string[] {
  return loadCorpus().map(docText);
}
