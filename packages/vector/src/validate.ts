/**
 * Input checks shared by every store, so the same mistake gets the same one-line
 * error whether it hits the memory store or Qdrant (which is checked before sending).
 */
import { VectorStoreError } from './errors.ts';
import type { CollectionConfig, Distance, Filter, PointId, VectorPoint } from './spec.ts';

/** Payload key the Qdrant adapter uses to keep the caller's id; callers may not use it. */
export const RESERVED_PAYLOAD_KEY = '__id';

const DISTANCES: readonly Distance[] = ['cosine', 'dot', 'euclid'];

/** Reject a collection name Qdrant would refuse (empty, too long, or with a `/`). */
export function validateCollectionName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.length === 0 || name.length > 255 || name.includes('/')) {
    throw new VectorStoreError(
      'invalid_request',
      `collection name ${JSON.stringify(name)} is invalid: use 1–255 characters without "/"`,
    );
  }
}

/** Check a collection's config against the store's dimension limit. */
export function validateConfig(config: CollectionConfig, maxDimensions: number): void {
  validateCollectionName(config.name);
  const { name, dimensions, distance } = config;
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > maxDimensions) {
    throw new VectorStoreError(
      'invalid_request',
      `collection "${name}": dimensions must be an integer from 1 to ${maxDimensions}, got ${dimensions}`,
      { collection: name },
    );
  }
  if (!DISTANCES.includes(distance)) {
    throw new VectorStoreError(
      'invalid_request',
      `collection "${name}": distance must be one of ${DISTANCES.join(', ')}, got ${JSON.stringify(distance)}`,
      { collection: name },
    );
  }
  if (config.hnsw !== undefined) {
    // Qdrant's own limits: m of 0 disables the graph; ef_construct is at least 4.
    validateInteger(name, 'hnsw.m', config.hnsw.m, 0);
    validateInteger(name, 'hnsw.efConstruct', config.hnsw.efConstruct, 4);
  }
}

function validateInteger(collection: string, field: string, value: unknown, min: number): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < min)) {
    throw new VectorStoreError(
      'invalid_request',
      `collection "${collection}": ${field} must be an integer of at least ${min}, got ${String(value)}`,
      { collection },
    );
  }
}

/** The HNSW search options, when given: a positive integer `hnswEf` and a boolean `exact`. */
export function validateSearchParams(collection: string, request: { hnswEf?: unknown; exact?: unknown }): void {
  validateInteger(collection, 'hnswEf', request.hnswEf, 1);
  if (request.exact !== undefined && typeof request.exact !== 'boolean') {
    throw new VectorStoreError(
      'invalid_request',
      `collection "${collection}": exact must be true or false, got ${String(request.exact)}`,
      { collection },
    );
  }
}

/** The error for asking an existing collection to change shape. */
export function collectionExistsError(
  asked: CollectionConfig,
  existing: Omit<CollectionConfig, 'name'>,
): VectorStoreError {
  return new VectorStoreError(
    'collection_exists',
    `collection "${asked.name}" already exists with dimensions ${existing.dimensions} and distance ${existing.distance}, ` +
      `not ${asked.dimensions} and ${asked.distance}`,
    { collection: asked.name },
  );
}

/** The error for a collection that does not exist. */
export function unknownCollectionError(name: string, cause?: unknown): VectorStoreError {
  return new VectorStoreError('unknown_collection', `collection "${name}" does not exist`, {
    collection: name,
    cause,
  });
}

/** Render an id the way it appears in messages: strings quoted, numbers bare. */
export function describeId(id: PointId): string {
  return typeof id === 'string' ? JSON.stringify(id) : String(id);
}

/** Ids are strings or non-negative safe integers (what Qdrant can represent). */
export function validateId(collection: string, id: unknown): asserts id is PointId {
  const ok =
    (typeof id === 'string' && id.length > 0) || (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0);
  if (!ok) {
    throw new VectorStoreError(
      'invalid_request',
      `collection "${collection}": point id ${JSON.stringify(id) ?? String(id)} must be a non-empty string or a non-negative safe integer`,
      { collection },
    );
  }
}

/**
 * Check a vector's length and components. `what` names it in the message:
 * `point "a"` or `query vector`.
 */
export function validateVector(
  collection: string,
  dimensions: number,
  vector: unknown,
  what: string,
): asserts vector is number[] {
  if (!Array.isArray(vector) && !ArrayBuffer.isView(vector)) {
    throw new VectorStoreError('invalid_vector', `collection "${collection}": ${what} has no vector array`, {
      collection,
    });
  }
  const values = vector as ArrayLike<unknown>;
  if (values.length !== dimensions) {
    throw new VectorStoreError(
      'dimension_mismatch',
      `collection "${collection}" expects vectors of dimension ${dimensions}, got ${values.length} (${what})`,
      { collection },
    );
  }
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      const shown = typeof x === 'number' ? String(x) : `a ${typeof x}`;
      throw new VectorStoreError(
        'invalid_vector',
        `collection "${collection}": ${what} has ${shown} at vector index ${i}; every component must be a finite number`,
        { collection },
      );
    }
  }
}

/** Validate a whole upsert batch before anything is written. */
export function validatePoints(
  collection: string,
  dimensions: number,
  points: unknown,
): asserts points is VectorPoint[] {
  if (!Array.isArray(points)) {
    throw new VectorStoreError('invalid_request', `collection "${collection}": upsert expects an array of points`, {
      collection,
    });
  }
  for (const point of points as VectorPoint[]) {
    validateId(collection, point?.id);
    validateVector(collection, dimensions, point.vector, `point ${describeId(point.id)}`);
    if (
      point.payload !== undefined &&
      (typeof point.payload !== 'object' || point.payload === null || Array.isArray(point.payload))
    ) {
      throw new VectorStoreError(
        'invalid_request',
        `collection "${collection}": payload of point ${describeId(point.id)} must be an object`,
        { collection },
      );
    }
    if (point.payload && RESERVED_PAYLOAD_KEY in point.payload) {
      throw new VectorStoreError(
        'invalid_request',
        `collection "${collection}": payload key "${RESERVED_PAYLOAD_KEY}" of point ${describeId(point.id)} is reserved`,
        { collection },
      );
    }
  }
}

/** topK is a positive integer. */
export function validateTopK(collection: string, topK: unknown): asserts topK is number {
  if (typeof topK !== 'number' || !Number.isInteger(topK) || topK < 1) {
    throw new VectorStoreError(
      'invalid_request',
      `collection "${collection}": topK must be a positive integer, got ${String(topK)}`,
      {
        collection,
      },
    );
  }
}

/** A score threshold, when given, is a finite number. */
export function validateThreshold(collection: string, threshold: unknown): void {
  if (threshold !== undefined && (typeof threshold !== 'number' || !Number.isFinite(threshold))) {
    throw new VectorStoreError(
      'invalid_request',
      `collection "${collection}": scoreThreshold must be a finite number, got ${String(threshold)}`,
      { collection },
    );
  }
}

/** Check a filter's shape so a typo fails loudly instead of matching nothing. */
export function validateFilter(collection: string, filter: unknown, path = 'filter'): asserts filter is Filter {
  const fail = (why: string): never => {
    throw new VectorStoreError('invalid_request', `collection "${collection}": ${path} ${why}`, { collection });
  };
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) fail('must be an object');
  const f = filter as Record<string, unknown>;
  for (const key of Object.keys(f)) {
    if (key !== 'must' && key !== 'should' && key !== 'must_not')
      fail(`has unknown clause "${key}" (use must, should, must_not)`);
    const list = f[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) fail(`.${key} must be an array of conditions`);
    (list as unknown[]).forEach((condition, i) => {
      validateCondition(collection, condition, `${path}.${key}[${i}]`);
    });
  }
}

function validateCondition(collection: string, condition: unknown, path: string): void {
  const fail = (why: string): never => {
    throw new VectorStoreError('invalid_request', `collection "${collection}": ${path} ${why}`, { collection });
  };
  if (typeof condition !== 'object' || condition === null) fail('must be an object');
  const c = condition as Record<string, unknown>;
  if (!('key' in c)) {
    validateFilter(collection, c, path);
    return;
  }
  if (typeof c.key !== 'string' || c.key.length === 0) fail('needs a non-empty string "key"');
  if (c.match !== undefined) {
    const m = c.match as Record<string, unknown> | null;
    if (typeof m !== 'object' || m === null || !('value' in m || 'any' in m)) {
      fail('.match must be { value: … } or { any: [...] }');
    }
    const match = m as Record<string, unknown>;
    // What Qdrant can read (it answers 400 to the rest): a value is a string, an integer or a
    // boolean; a list is all strings or all integers.
    if ('value' in match && !isMatchValue(match.value)) {
      fail(
        `.match.value must be a string, an integer or a boolean, got ${JSON.stringify(match.value)} (Qdrant refuses it); match decimals with a range`,
      );
    }
    if ('any' in match && !isMatchList(match.any)) {
      fail(
        `.match.any must list only strings or only integers, got ${JSON.stringify(match.any)} (Qdrant refuses booleans, decimals and mixed lists)`,
      );
    }
    return;
  }
  if (c.range !== undefined) {
    const r = c.range as Record<string, unknown> | null;
    if (typeof r !== 'object' || r === null) fail('.range must be an object');
    for (const [bound, v] of Object.entries(r as object)) {
      if (!['gt', 'gte', 'lt', 'lte'].includes(bound)) fail(`.range has unknown bound "${bound}"`);
      if (v !== undefined && v !== null && (typeof v !== 'number' || !Number.isFinite(v)))
        fail(`.range.${bound} must be a finite number`);
    }
    return;
  }
  fail('needs "match" or "range"');
}

function isMatchValue(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'boolean' || Number.isSafeInteger(value);
}

function isMatchList(list: unknown): boolean {
  return (
    Array.isArray(list) && (list.every((v) => typeof v === 'string') || list.every((v) => Number.isSafeInteger(v)))
  );
}
