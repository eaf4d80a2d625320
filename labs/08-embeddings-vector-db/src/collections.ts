/**
 * Collection management through the `VectorStore` interface, so the same calls run on the
 * memory store and on Qdrant: create with the model's size and the right distance, index the
 * payload fields filters use, write points with stable ids, build filters.
 */
import { createHash } from 'node:crypto';
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
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Create the collection (idempotent: the store accepts the same shape again and refuses
 * another one) and every payload index of the spec.
 */
export async function setupCollection(store: VectorStore, spec: CollectionSpec): Promise<void> {
  await store.createCollection({ name: spec.name, dimensions: spec.dimensions, distance: spec.distance });
  // Indexes before data: Qdrant builds them as points arrive instead of re-scanning later.
  for (const index of spec.indexes) await store.createPayloadIndex(spec.name, index.field, index.type);
}

/** The point for a document: its id is the document id, so writing it again replaces it. */
export function docPoint(doc: Doc, embeddedText: string, vector: number[], model: EmbeddingModel): VectorPoint {
  const payload: DocPayload = {
    topic: doc.topic,
    title: doc.title,
    text: doc.text,
    updated: doc.updated,
    contentHash: contentHash(embeddedText),
    embeddingProvider: model.provider,
    embeddingModel: model.modelId,
    embeddingVersion: model.version,
  };
  return { id: doc.id, vector, payload };
}

/** The filter for `options`, or `undefined` when nothing is restricted (search everything). */
export function docFilter(options: DocFilterOptions = {}): Filter | undefined {
  const must: Filter['must'] = [];
  if (options.topics !== undefined) must.push({ key: 'topic', match: { any: options.topics } });
  if (options.updatedFrom !== undefined) must.push({ key: 'updated', range: { gte: options.updatedFrom } });
  if (options.embeddingVersion !== undefined) {
    must.push({ key: 'embeddingVersion', match: { value: options.embeddingVersion } });
  }
  return must.length === 0 ? undefined : { must };
}
