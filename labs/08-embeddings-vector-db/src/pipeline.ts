/**
 * The embedding pipeline: documents → (cache | batched model calls) → points with the model id
 * and version → a collection sized for the model. Vectors that do not fit the collection are
 * refused with an `EmbeddingMismatchError` that names the model, its version and the collection.
 */
import type { EmbeddingModel } from '@workshop/llm';
import type { Distance, SearchHit, VectorStore } from '@workshop/vector';
import {
  contentHash,
  DOC_INDEXES,
  type DocFilterOptions,
  docFilter,
  docPoint,
  setupCollection,
} from './collections.ts';
import { docText } from './corpus.ts';
import { toMismatchError, wrongLengthError } from './errors.ts';
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
  return `${model.version}:${contentHash(text)}`;
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
    this.stats.texts += texts.length;
    const keys = texts.map((text) => cacheKey(this.model, text));
    const missing = new Map<string, string>(); // key → text, first occurrence only
    keys.forEach((key, i) => {
      if (this.cache.get(key) === undefined && !missing.has(key)) missing.set(key, texts[i] as string);
    });
    this.stats.cacheHits += texts.length - missing.size;

    const pending = [...missing];
    for (let start = 0; start < pending.length; start += this.batchSize) {
      const batch = pending.slice(start, start + this.batchSize);
      const { embeddings } = await this.model.embed(batch.map(([, text]) => text));
      this.stats.batches += 1;
      this.stats.embedded += batch.length;
      batch.forEach(([key], i) => {
        const vector = embeddings[i];
        if (!vector || vector.length !== this.model.dimensions)
          throw wrongLengthError(vector?.length ?? 0, this.collection, this.model);
        this.cache.set(key, vector);
      });
    }
    return keys.map((key) => this.cache.get(key) as number[]);
  }

  /**
   * Create the collection for this model (size = `model.dimensions`) with the payload indexes.
   * A collection that exists with another size or distance is refused before anything is embedded.
   */
  async ensureCollection(): Promise<void> {
    try {
      await setupCollection(this.store, {
        name: this.collection,
        dimensions: this.model.dimensions,
        distance: this.distance,
        indexes: DOC_INDEXES,
      });
    } catch (error) {
      throw toMismatchError(error, this.collection, this.model);
    }
  }

  /** Embed and upsert documents by their stable ids; re-indexing the same documents is a no-op for the model. */
  async index(docs: Doc[]): Promise<IndexResult> {
    await this.ensureCollection();
    const texts = docs.map(docText);
    const before = this.stats.embedded;
    const vectors = await this.embed(texts);
    const points = docs.map((doc, i) => docPoint(doc, texts[i] as string, vectors[i] as number[], this.model));
    try {
      await this.store.upsert(this.collection, points);
    } catch (error) {
      throw toMismatchError(error, this.collection, this.model);
    }
    return { upserted: points.length, embedded: this.stats.embedded - before };
  }

  /** The best documents for a query text, best first. */
  async search(text: string, options: PipelineSearchOptions = {}): Promise<SearchHit[]> {
    const [vector] = await this.embed([text]);
    const filter = docFilter(options.filter);
    try {
      return await this.store.search(this.collection, {
        vector: vector as number[],
        topK: options.topK ?? 10,
        ...(filter ? { filter } : {}),
        ...(options.scoreThreshold !== undefined ? { scoreThreshold: options.scoreThreshold } : {}),
      });
    } catch (error) {
      throw toMismatchError(error, this.collection, this.model);
    }
  }
}
