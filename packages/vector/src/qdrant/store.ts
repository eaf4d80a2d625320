/**
 * The Qdrant adapter, on the real `@qdrant/js-client-rest` client. Inputs are validated
 * here first (dimension, NaN, ids, filter) so a mistake fails with the same error as on
 * the memory store, before a request is sent.
 */
import { QdrantClient } from '@qdrant/js-client-rest';
import { VectorStoreError } from '../errors.ts';
import type {
  CollectionConfig,
  Distance,
  Filter,
  HnswConfig,
  PayloadIndexType,
  PointId,
  SearchHit,
  SearchRequest,
  StoredPoint,
  VectorPoint,
  VectorStore,
  VectorStoreCapabilities,
} from '../spec.ts';
import {
  collectionExistsError,
  unknownCollectionError,
  validateCollectionName,
  validateConfig,
  validateFilter,
  validateId,
  validatePoints,
  validateSearchParams,
  validateThreshold,
  validateTopK,
  validateVector,
} from '../validate.ts';
import { type ErrorContext, toVectorStoreError } from './errors.ts';
import { fromQdrantRecord, toQdrantId, toQdrantPayload } from './ids.ts';

/** Options of `createQdrantVectorStore`. */
export interface QdrantStoreOptions {
  /** Base URL of Qdrant's REST API, e.g. `http://127.0.0.1:6333` or a Qdrant Cloud URL. */
  url: string;
  /** API key (Qdrant Cloud, or a server started with one). */
  apiKey?: string | undefined;
  /** Client-side timeout of each request in ms (default 30 000). */
  timeoutMs?: number | undefined;
  /** Points sent per upsert request; keeps each request under Qdrant's body limit (default 256). */
  upsertBatchSize?: number | undefined;
}

/** Qdrant's limit for a dense vector's size. */
const MAX_DIMENSIONS = 65_536;

const TO_QDRANT_DISTANCE = { cosine: 'Cosine', dot: 'Dot', euclid: 'Euclid' } as const;
const FROM_QDRANT_DISTANCE: Record<string, Distance> = { Cosine: 'cosine', Dot: 'dot', Euclid: 'euclid' };

type Shape = Omit<CollectionConfig, 'name'>;

class QdrantVectorStore implements VectorStore {
  readonly provider = 'qdrant';
  readonly capabilities: VectorStoreCapabilities = {
    persistent: true,
    exactSearch: false,
    maxDimensions: MAX_DIMENSIONS,
  };
  private readonly client: QdrantClient;
  private readonly url: string;
  private readonly timeoutMs: number;
  private readonly batchSize: number;
  /** Dimension and distance per collection, so vectors are checked without a round trip. */
  private readonly shapes = new Map<string, Shape>();

  constructor(options: QdrantStoreOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.batchSize = options.upsertBatchSize ?? 256;
    // No compatibility probe: it would send an unrequested GET / on construction.
    this.client = new QdrantClient({
      url: this.url,
      ...(options.apiKey ? { apiKey: options.apiKey } : {}),
      timeout: this.timeoutMs,
      checkCompatibility: false,
    });
  }

  async createCollection(config: CollectionConfig): Promise<void> {
    validateConfig(config, MAX_DIMENSIONS);
    const { name } = config;
    const existing = await this.describe(name);
    if (existing) return this.checkSame(config, existing);
    try {
      await this.client.createCollection(name, {
        vectors: { size: config.dimensions, distance: TO_QDRANT_DISTANCE[config.distance] },
        ...(config.hnsw ? { hnsw_config: toHnswConfig(config.hnsw) } : {}),
      });
    } catch (error) {
      const failure = this.fail(error, name);
      if (failure.code !== 'collection_exists') throw failure;
      // Created concurrently by someone else: fine if it has the same shape.
      const raced = await this.describe(name);
      if (!raced) throw failure;
      return this.checkSame(config, raced);
    }
    this.shapes.set(name, { dimensions: config.dimensions, distance: config.distance });
  }

  async hasCollection(name: string): Promise<boolean> {
    validateCollectionName(name);
    try {
      return (await this.client.collectionExists(name)).exists;
    } catch (error) {
      throw this.fail(error, name);
    }
  }

  async deleteCollection(name: string): Promise<boolean> {
    validateCollectionName(name);
    this.shapes.delete(name);
    try {
      return await this.client.deleteCollection(name);
    } catch (error) {
      const failure = this.fail(error, name);
      if (failure.code === 'unknown_collection') return false;
      throw failure;
    }
  }

  async listCollections(): Promise<string[]> {
    try {
      const { collections } = await this.client.getCollections();
      return collections.map((c) => c.name).sort();
    } catch (error) {
      throw this.fail(error);
    }
  }

  async createPayloadIndex(collection: string, field: string, type: PayloadIndexType): Promise<void> {
    await this.shape(collection);
    if (typeof field !== 'string' || field.length === 0) {
      throw new VectorStoreError('invalid_request', `collection "${collection}": payload index needs a field name`, {
        collection,
      });
    }
    if (!['keyword', 'integer', 'float', 'bool'].includes(type)) {
      throw new VectorStoreError(
        'invalid_request',
        `collection "${collection}": payload index type must be keyword, integer, float or bool, got ${JSON.stringify(type)}`,
        { collection },
      );
    }
    try {
      await this.client.createPayloadIndex(collection, { field_name: field, field_schema: type, wait: true });
    } catch (error) {
      throw this.fail(error, collection);
    }
  }

  async upsert(collection: string, points: VectorPoint[]): Promise<void> {
    const { dimensions } = await this.shape(collection);
    validatePoints(collection, dimensions, points);
    for (let start = 0; start < points.length; start += this.batchSize) {
      const batch = points.slice(start, start + this.batchSize).map((p) => ({
        id: toQdrantId(p.id),
        vector: p.vector,
        payload: toQdrantPayload(p.id, p.payload),
      }));
      try {
        await this.client.upsert(collection, { wait: true, points: batch });
      } catch (error) {
        throw this.fail(error, collection);
      }
    }
  }

  async get(collection: string, ids: PointId[]): Promise<StoredPoint[]> {
    validateCollectionName(collection);
    for (const id of ids) validateId(collection, id);
    if (ids.length === 0) {
      await this.shape(collection);
      return [];
    }
    try {
      const records = await this.client.retrieve(collection, {
        ids: [...new Set(ids.map(toQdrantId))],
        with_payload: true,
        with_vector: true,
      });
      const byId = new Map(records.map((r) => [r.id, r]));
      const out: StoredPoint[] = [];
      for (const id of ids) {
        const record = byId.get(toQdrantId(id));
        if (!record) continue;
        out.push({ ...fromQdrantRecord(record), vector: denseVector(record.vector) });
      }
      return out;
    } catch (error) {
      throw this.fail(error, collection);
    }
  }

  async delete(collection: string, ids: PointId[]): Promise<void> {
    validateCollectionName(collection);
    for (const id of ids) validateId(collection, id);
    try {
      if (ids.length === 0) {
        await this.shape(collection);
        return;
      }
      await this.client.delete(collection, { wait: true, points: ids.map(toQdrantId) });
    } catch (error) {
      throw this.fail(error, collection);
    }
  }

  async count(collection: string, filter?: Filter): Promise<number> {
    validateCollectionName(collection);
    if (filter !== undefined) validateFilter(collection, filter);
    try {
      const { count } = await this.client.count(collection, { exact: true, ...(filter ? { filter } : {}) });
      return count;
    } catch (error) {
      throw this.fail(error, collection);
    }
  }

  async search(collection: string, request: SearchRequest): Promise<SearchHit[]> {
    const { dimensions } = await this.shape(collection);
    validateVector(collection, dimensions, request.vector, 'query vector');
    validateTopK(collection, request.topK);
    validateThreshold(collection, request.scoreThreshold);
    validateSearchParams(collection, request);
    if (request.filter !== undefined) validateFilter(collection, request.filter);
    const params = {
      ...(request.hnswEf !== undefined ? { hnsw_ef: request.hnswEf } : {}),
      ...(request.exact !== undefined ? { exact: request.exact } : {}),
    };
    try {
      const { points } = await this.client.query(collection, {
        query: request.vector,
        limit: request.topK,
        with_payload: true,
        with_vector: request.withVectors === true,
        ...(request.filter ? { filter: request.filter } : {}),
        ...(request.scoreThreshold !== undefined ? { score_threshold: request.scoreThreshold } : {}),
        ...(Object.keys(params).length > 0 ? { params } : {}),
      });
      return points.map((point) => {
        const hit: SearchHit = { ...fromQdrantRecord(point), score: point.score };
        if (request.withVectors) hit.vector = denseVector(point.vector);
        return hit;
      });
    } catch (error) {
      throw this.fail(error, collection);
    }
  }

  /** The collection's dimension and distance, from the cache or from Qdrant. */
  private async shape(name: string): Promise<Shape> {
    validateCollectionName(name);
    const cached = this.shapes.get(name);
    if (cached) return cached;
    const described = await this.describe(name);
    if (!described) throw unknownCollectionError(name);
    return described;
  }

  /** Read a collection's vector config; undefined when it does not exist. */
  private async describe(name: string): Promise<Shape | undefined> {
    let info: Awaited<ReturnType<QdrantClient['getCollection']>>;
    try {
      info = await this.client.getCollection(name);
    } catch (error) {
      const failure = this.fail(error, name);
      if (failure.code === 'unknown_collection') return undefined;
      throw failure;
    }
    const vectors = info.config.params.vectors as { size?: unknown; distance?: unknown } | undefined;
    const distance = FROM_QDRANT_DISTANCE[String(vectors?.distance)];
    if (typeof vectors?.size !== 'number' || !distance) {
      throw new VectorStoreError(
        'invalid_request',
        `collection "${name}" uses named vectors or a distance this store does not support (${JSON.stringify(vectors)})`,
        { collection: name },
      );
    }
    const shape = { dimensions: vectors.size, distance };
    this.shapes.set(name, shape);
    return shape;
  }

  private checkSame(config: CollectionConfig, existing: Shape): void {
    if (existing.dimensions !== config.dimensions || existing.distance !== config.distance) {
      throw collectionExistsError(config, existing);
    }
  }

  private fail(error: unknown, collection?: string): VectorStoreError {
    const context: ErrorContext = {
      url: this.url,
      timeoutMs: this.timeoutMs,
      ...(collection === undefined ? {} : { collection }),
    };
    const failure = toVectorStoreError(error, context);
    // The collection may have been dropped or recreated elsewhere: forget its cached shape.
    if (collection !== undefined && (failure.code === 'unknown_collection' || failure.code === 'dimension_mismatch')) {
      this.shapes.delete(collection);
    }
    return failure;
  }
}

/** `hnsw_config` in Qdrant's names, with only the fields that were set. */
function toHnswConfig(hnsw: HnswConfig): { m?: number; ef_construct?: number } {
  return {
    ...(hnsw.m !== undefined ? { m: hnsw.m } : {}),
    ...(hnsw.efConstruct !== undefined ? { ef_construct: hnsw.efConstruct } : {}),
  };
}

/** A stored vector as a plain array (this store only uses Qdrant's default unnamed vector). */
function denseVector(vector: unknown): number[] {
  return Array.isArray(vector) ? (vector as number[]) : [];
}

/**
 * Create a store on a Qdrant server. Rejects a malformed URL at once; an unreachable
 * server shows up on the first call as an `unavailable` error naming the URL.
 */
export function createQdrantVectorStore(options: QdrantStoreOptions): VectorStore {
  let parsed: URL;
  try {
    parsed = new URL(options.url);
  } catch {
    throw new VectorStoreError(
      'invalid_request',
      `Qdrant URL ${JSON.stringify(options.url)} is not a valid URL (e.g. http://127.0.0.1:6333)`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new VectorStoreError(
      'invalid_request',
      `Qdrant URL ${JSON.stringify(options.url)} must start with http:// or https://`,
    );
  }
  return new QdrantVectorStore(options);
}
