/**
 * The embedded default: an exact, in-process vector store. Nothing to install or
 * start; data lives as long as the process. Same contract as the Qdrant adapter.
 */

import { VectorStoreError } from '../errors.ts';
import type {
  CollectionConfig,
  Filter,
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
import { MemoryCollection } from './collection.ts';

/** Same limit as Qdrant, so a collection that works here also works there. */
const MAX_DIMENSIONS = 65_536;

class MemoryVectorStore implements VectorStore {
  readonly provider = 'memory';
  readonly capabilities: VectorStoreCapabilities = {
    persistent: false,
    exactSearch: true,
    maxDimensions: MAX_DIMENSIONS,
  };
  private readonly collections = new Map<string, MemoryCollection>();

  async createCollection(config: CollectionConfig): Promise<void> {
    validateConfig(config, MAX_DIMENSIONS);
    const existing = this.collections.get(config.name);
    if (existing) {
      if (existing.dimensions === config.dimensions && existing.distance === config.distance) return;
      throw collectionExistsError(config, existing);
    }
    this.collections.set(config.name, new MemoryCollection(config.name, config.dimensions, config.distance));
  }

  async hasCollection(name: string): Promise<boolean> {
    validateCollectionName(name);
    return this.collections.has(name);
  }

  async deleteCollection(name: string): Promise<boolean> {
    validateCollectionName(name);
    return this.collections.delete(name);
  }

  async listCollections(): Promise<string[]> {
    return [...this.collections.keys()].sort();
  }

  async createPayloadIndex(collection: string, field: string, type: PayloadIndexType): Promise<void> {
    const c = this.collection(collection);
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
    c.indexes.set(field, type);
  }

  async upsert(collection: string, points: VectorPoint[]): Promise<void> {
    const c = this.collection(collection);
    validatePoints(collection, c.dimensions, points);
    c.upsert(points);
  }

  async get(collection: string, ids: PointId[]): Promise<StoredPoint[]> {
    const c = this.collection(collection);
    for (const id of ids) validateId(collection, id);
    return c.get(ids);
  }

  async delete(collection: string, ids: PointId[]): Promise<void> {
    const c = this.collection(collection);
    for (const id of ids) validateId(collection, id);
    c.delete(ids);
  }

  async count(collection: string, filter?: Filter): Promise<number> {
    const c = this.collection(collection);
    if (filter !== undefined) validateFilter(collection, filter);
    return c.count(filter);
  }

  async search(collection: string, request: SearchRequest): Promise<SearchHit[]> {
    const c = this.collection(collection);
    validateVector(collection, c.dimensions, request.vector, 'query vector');
    validateTopK(collection, request.topK);
    validateThreshold(collection, request.scoreThreshold);
    // Always exact here: hnswEf and exact are checked, then have nothing to change.
    validateSearchParams(collection, request);
    if (request.filter !== undefined) validateFilter(collection, request.filter);
    return c.search(request);
  }

  private collection(name: string): MemoryCollection {
    validateCollectionName(name);
    const c = this.collections.get(name);
    if (!c) throw unknownCollectionError(name);
    return c;
  }
}

/** Create an empty in-memory vector store. */
export function createMemoryVectorStore(): VectorStore {
  return new MemoryVectorStore();
}
