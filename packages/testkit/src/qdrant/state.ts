/**
 * The emulated server's data: collections with their config, points and payload
 * indexes, kept in memory. Vectors are stored as float32 and cosine vectors are
 * normalised on write, as Qdrant does, so reads and scores round the same way.
 */
import { compileFilter } from './filter.ts';

export type QdrantDistance = 'Cosine' | 'Dot' | 'Euclid' | 'Manhattan';

/** A Qdrant-style failure: the handler answers it with `{ status: { error } }`. */
export class QdrantError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export interface StoredPoint {
  id: string | number;
  vector: Float32Array;
  payload: Record<string, unknown>;
  version: number;
}

export interface Collection {
  name: string;
  size: number;
  distance: QdrantDistance;
  points: Map<string | number, StoredPoint>;
  payloadSchema: Map<string, string>;
  /** Operation counter; each write gets the next id (and sets point versions). */
  operations: number;
  /** The collection's `hnsw_config` (Qdrant's defaults, overridden by what the create request asked for). */
  hnsw: {
    m: number;
    ef_construct: number;
    full_scan_threshold: number;
    max_indexing_threads: number;
    on_disk: boolean;
  };
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** Parse a point id as Qdrant does: an unsigned integer or a UUID (stored lowercase, hyphenated). */
export function parsePointId(raw: unknown): string | number {
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) return raw;
  if (typeof raw === 'string' && UUID.test(raw)) {
    const hex = raw.replace(/-/g, '').toLowerCase();
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  throw new QdrantError(
    400,
    `Format error in JSON body: value ${JSON.stringify(raw)} is not a valid point ID, valid values are either an unsigned integer or a UUID`,
  );
}

export function notFound(name: string): QdrantError {
  return new QdrantError(404, `Not found: Collection \`${name}\` doesn't exist!`);
}

/** Read a dense vector, rejecting what Qdrant rejects (wrong size, non-numbers). */
export function parseVector(collection: Collection, raw: unknown): Float32Array {
  if (!Array.isArray(raw))
    throw new QdrantError(400, 'Format error in JSON body: expected a dense vector (array of floats)');
  for (const x of raw) {
    if (typeof x !== 'number') {
      throw new QdrantError(
        400,
        `Format error in JSON body: invalid type: ${x === null ? 'null' : typeof x}, expected f32`,
      );
    }
  }
  if (raw.length !== collection.size) {
    throw new QdrantError(
      400,
      `Wrong input: Vector dimension error: expected dim: ${collection.size}, got ${raw.length}`,
    );
  }
  const vector = Float32Array.from(raw as number[]);
  if (collection.distance === 'Cosine') normalize(vector);
  return vector;
}

function normalize(v: Float32Array): void {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > Number.EPSILON) for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / norm;
}

/** Qdrant's score: similarity for Cosine/Dot (higher is better), distance for Euclid/Manhattan. */
export function score(distance: QdrantDistance, a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (distance === 'Euclid') s += (x - y) * (x - y);
    else if (distance === 'Manhattan') s += Math.abs(x - y);
    else s += x * y;
  }
  return distance === 'Euclid' ? Math.sqrt(s) : s;
}

/** Whether the distance ranks ascending (a distance) rather than descending (a similarity). */
export const isDistance = (distance: QdrantDistance) => distance === 'Euclid' || distance === 'Manhattan';

/** Points passing `filter`; a filter Qdrant would refuse throws its `QdrantError` (400 or 422). */
export function filterPoints(collection: Collection, filter: unknown): StoredPoint[] {
  const test = compileFilter(filter);
  return [...collection.points.values()].filter((p) => test(p.id, p.payload));
}

/**
 * A float32 as Qdrant's JSON writes it: the shortest decimal that reads back as the same float32
 * (0.6f32 is written 0.6, where widening to float64 would print 0.6000000238418579).
 */
export function float32Json(x: number): number {
  const single = Math.fround(x);
  if (!Number.isFinite(single)) return single;
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(single.toPrecision(digits));
    if (Math.fround(candidate) === single) return candidate;
  }
  return single;
}

/** Qdrant's order of ids for scroll: integers first (ascending), then UUIDs. */
export function compareIds(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
