/**
 * The embedding pipeline: documents → (cache | batched model calls) → points with the model id
 * and version → a collection sized for the model. Vectors that do not fit the collection are
 * refused with an `EmbeddingMismatchError` that names the model, its version and the collection.
 */
import type { EmbeddingModel } from '@workshop/llm';
import type { Distance, SearchHit, VectorStore } from '@workshop/vector';
import type { DocFilterOptions } from './collections.ts';
// You will need: contentHash, DOC_INDEXES, docFilter, docPoint, setupCollection from './collections.ts',
// docText from './corpus.ts', toMismatchError and wrongLengthError from './errors.ts'.
import type { Doc } from './types.ts';

/** Where vectors are remembered between calls. A `Map` is one; so is a Redis adapter. */
export interface EmbeddingCache {
  get(key: string): number[] | undefined;
  set(key: string, vector: number[]): void;
  /** Number of cached vectors. */
  readonly size: number;
}

/** Options of `EmbeddingPipeline`. */
export interface PipelineOptions {
  /** The embedding model; its `dimensions` size the collection. */
  model: EmbeddingModel;
  /** Where the points go. */
  store: VectorStore;
  /** Collection name. */
  collection: string;
  /** Similarity measure of the collection. Default `cosine`. */
  distance?: Distance;
  /** Texts per model call; capped at `model.maxBatchSize`. Default 64. */
  batchSize?: number;
  /** Vector cache; default a fresh in-memory `Map`. Share one between pipelines to share hits. */
  cache?: EmbeddingCache;
}

/** Running totals of one pipeline, for logs and tests. */
export interface EmbedStats {
  /** Texts asked for (duplicates included). */
  texts: number;
  /** Texts answered from the cache (or by a duplicate in the same call). */
  cacheHits: number;
  /** Texts sent to the model. */
  embedded: number;
  /** Model calls made. */
  batches: number;
}

/** What `index` did. */
export interface IndexResult {
  /** Points written (one per document). */
  upserted: number;
  /** Texts that needed the model in this call (the rest came from the cache). */
  embedded: number;
}

/** Search options of the pipeline. */
export interface PipelineSearchOptions {
  /** Number of hits. Default 10. */
  topK?: number;
  /** Restrict by payload. */
  filter?: DocFilterOptions;
  /** Drop hits scoring below this. */
  scoreThreshold?: number;
}

/** Default texts per model call: large enough to amortise a round trip, small enough to retry cheaply. */
export const DEFAULT_BATCH_SIZE = 64;

/**
 * The cache key of a text under a model: the model version plus the text's content hash.
 * The version is part of the key because the same text has another vector under another model.
 */
export function cacheKey(model: EmbeddingModel, text: string): string {
  // TODO: return `${model.version}:${contentHash(text)}` — the version is part of the key because
  //   the same text has another vector under another model (or another size of the same model).
  void model;
  void text;
  throw new Error('TODO: cacheKey (DoD-2) — see the TODO in src/pipeline.ts');
}

/** An in-memory cache (unbounded: fine for a corpus; bound it in a long-lived process). */
export function createMemoryCache(): EmbeddingCache {
  return new Map<string, number[]>();
}

export class EmbeddingPipeline {
  readonly model: EmbeddingModel;
  readonly store: VectorStore;
  readonly collection: string;
  readonly distance: Distance;
  readonly batchSize: number;
  readonly cache: EmbeddingCache;
  readonly stats: EmbedStats = { texts: 0, cacheHits: 0, embedded: 0, batches: 0 };

  constructor(options: PipelineOptions) {
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    }
    this.model = options.model;
    this.store = options.store;
    this.collection = options.collection;
    this.distance = options.distance ?? 'cosine';
    this.batchSize = Math.min(batchSize, options.model.maxBatchSize);
    this.cache = options.cache ?? createMemoryCache();
  }

  /**
   * Vectors for `texts`, in order. Each distinct text not in the cache is sent once, in batches
   * of `batchSize`; every returned vector is checked against `model.dimensions`.
   */
  async embed(texts: string[]): Promise<number[][]> {
    // TODO:
    //   1. this.stats.texts += texts.length; compute `cacheKey(this.model, text)` for every text.
    //   2. Collect the keys that are not in `this.cache`, each ONCE (a Map key → text keeps the first
    //      occurrence). Every other text counts as a cache hit (this.stats.cacheHits).
    //   3. Send the missing texts with `this.model.embed(batch)` in slices of `this.batchSize`;
    //      per call: this.stats.batches += 1 and this.stats.embedded += batch.length.
    //   4. Check each returned vector: missing or `length !== this.model.dimensions` →
    //      `throw wrongLengthError(length, this.collection, this.model)`; else `this.cache.set(key, vector)`.
    //   5. Return the vectors from the cache in input order (duplicates get the same vector).
    void texts;
    throw new Error('TODO: EmbeddingPipeline.embed (DoD-2) — see the TODO in src/pipeline.ts');
  }

  /**
   * Create the collection for this model (size = `model.dimensions`) with the payload indexes.
   * A collection that exists with another size or distance is refused before anything is embedded.
   */
  async ensureCollection(): Promise<void> {
    // TODO: `await setupCollection(this.store, { name: this.collection, dimensions: this.model.dimensions,
    //   distance: this.distance, indexes: DOC_INDEXES })` (src/collections.ts), and rethrow any error as
    //   `throw toMismatchError(error, this.collection, this.model)` (src/errors.ts): it turns the store's
    //   "already exists with dimensions 384…" into an EmbeddingMismatchError that names the model and
    //   its version; any other error comes back unchanged.
    throw new Error('TODO: EmbeddingPipeline.ensureCollection (DoD-2) — see the TODO in src/pipeline.ts');
  }

  /** Embed and upsert documents by their stable ids; re-indexing the same documents is a no-op for the model. */
  async index(docs: Doc[]): Promise<IndexResult> {
    // TODO:
    //   1. await this.ensureCollection() — BEFORE embedding, so a mismatch costs no model call.
    //   2. texts = docs.map(docText) (src/corpus.ts); vectors = await this.embed(texts)
    //      (read this.stats.embedded before and after to know how many texts this call embedded).
    //   3. points[i] = docPoint(docs[i], texts[i], vectors[i], this.model) (src/collections.ts).
    //   4. await this.store.upsert(this.collection, points); rethrow errors with toMismatchError as above.
    //   5. return { upserted: points.length, embedded: <texts this call sent to the model> }.
    void docs;
    throw new Error('TODO: EmbeddingPipeline.index (DoD-2) — see the TODO in src/pipeline.ts');
  }

  /** The best documents for a query text, best first. */
  async search(text: string, options: PipelineSearchOptions = {}): Promise<SearchHit[]> {
    // TODO: const [vector] = await this.embed([text]); then this.store.search(this.collection, { vector,
    //   topK: options.topK ?? 10, filter: docFilter(options.filter), scoreThreshold: options.scoreThreshold })
    //   — leave `filter` / `scoreThreshold` out when undefined; rethrow errors with toMismatchError.
    void text;
    void options;
    throw new Error('TODO: EmbeddingPipeline.search (DoD-2) — see the TODO in src/pipeline.ts');
  }
}
