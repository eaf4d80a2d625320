/**
 * Collection management through the `VectorStore` interface, so the same calls run on the
 * memory store and on Qdrant: create with the model's size and the right distance, index the
 * payload fields filters use, write points with stable ids, build filters.
 */
import type { EmbeddingModel } from '@workshop/llm';
import type { Distance, Filter, PayloadIndexType, VectorPoint, VectorStore } from '@workshop/vector';
import type { Doc } from './types.ts';

/** What a collection of documents looks like. */
export interface CollectionSpec {
  /** Collection name. */
  name: string;
  /** Vector length: the embedding model's `dimensions`. */
  dimensions: number;
  /** Similarity measure; `cosine` for text embeddings. */
  distance: Distance;
  /** Payload fields to index for filtering (Qdrant uses them; the memory store accepts and ignores them). */
  indexes: readonly PayloadIndex[];
}

/** One payload index. */
export interface PayloadIndex {
  /** Payload key. */
  field: string;
  /** Index kind: `keyword` for exact strings, `integer` for ranges over whole numbers. */
  type: PayloadIndexType;
}

/** The payload fields the lab filters on, with the index each needs. */
export const DOC_INDEXES: readonly PayloadIndex[] = [
  { field: 'topic', type: 'keyword' },
  { field: 'updated', type: 'integer' },
  { field: 'embeddingVersion', type: 'keyword' },
];

/** What every document point carries besides its vector. */
export interface DocPayload {
  [key: string]: unknown;
  topic: string;
  title: string;
  text: string;
  updated: number;
  /** sha256 of the embedded text: tells whether a stored vector is stale. */
  contentHash: string;
  /** `EmbeddingModel.provider`. */
  embeddingProvider: string;
  /** `EmbeddingModel.modelId`. */
  embeddingModel: string;
  /** `EmbeddingModel.version`: vectors of different versions must never be compared. */
  embeddingVersion: string;
}

/** Which documents a search may return. */
export interface DocFilterOptions {
  /** Only these topics (any of them). */
  topics?: string[];
  /** Only documents updated in this year or later. */
  updatedFrom?: number;
  /** Only points embedded with this model version. */
  embeddingVersion?: string;
}

/** Hex sha256 of a text: the content hash used by the cache and stored with each point. */
export function contentHash(text: string): string {
  // TODO: return the hex sha256 of `text` (UTF-8): createHash('sha256').update(…).digest('hex') from node:crypto.
  void text;
  throw new Error('TODO: contentHash (DoD-1) — see the TODO in src/collections.ts');
}

/**
 * Create the collection (idempotent: the store accepts the same shape again and refuses
 * another one) and every payload index of the spec.
 */
export async function setupCollection(store: VectorStore, spec: CollectionSpec): Promise<void> {
  // TODO: create the collection with `spec.name`, `spec.dimensions` and `spec.distance`
  //   (`store.createCollection` is idempotent for the same shape), then call
  //   `store.createPayloadIndex(spec.name, field, type)` for every entry of `spec.indexes`, in order.
  void store;
  void spec;
  throw new Error('TODO: setupCollection (DoD-1) — see the TODO in src/collections.ts');
}

/** The point for a document: its id is the document id, so writing it again replaces it. */
export function docPoint(doc: Doc, embeddedText: string, vector: number[], model: EmbeddingModel): VectorPoint {
  // TODO: return { id: doc.id, vector, payload } where payload is a `DocPayload`: the document's
  //   topic, title, text and updated; contentHash(embeddedText); and the model's provider, modelId and
  //   version as embeddingProvider, embeddingModel, embeddingVersion.
  void doc;
  void embeddedText;
  void vector;
  void model;
  throw new Error('TODO: docPoint (DoD-1) — see the TODO in src/collections.ts');
}

/** The filter for `options`, or `undefined` when nothing is restricted (search everything). */
export function docFilter(options: DocFilterOptions = {}): Filter | undefined {
  // TODO: build `{ must: [...] }` with, in this order and only for the options given:
  //   topics          → { key: 'topic', match: { any: topics } }
  //   updatedFrom     → { key: 'updated', range: { gte: updatedFrom } }
  //   embeddingVersion→ { key: 'embeddingVersion', match: { value: embeddingVersion } }
  //   No option given → return undefined (no filter at all).
  void options;
  throw new Error('TODO: docFilter (DoD-1) — see the TODO in src/collections.ts');
}
