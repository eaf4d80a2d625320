/**
 * One in-memory collection: every vector in one contiguous Float32Array (row-major,
 * grown by doubling, inside a WebAssembly memory so SIMD kernels scan it in place),
 * with ids and payloads in parallel arrays indexed by row.
 */
import { VectorStoreError } from '../errors.ts';
import type { Distance, Filter, Payload, PointId, SearchHit, StoredPoint, VectorPoint } from '../spec.ts';
import { compileFilter } from './filter.ts';
import { normalizeInPlace } from './normalize.ts';
import { TopK } from './topk.ts';
import { VectorArena } from './wasm/arena.ts';

const INITIAL_CAPACITY = 16;

/** Search inputs after validation. */
export interface ScanRequest {
  vector: number[];
  topK: number;
  filter?: Filter | undefined;
  scoreThreshold?: number | undefined;
  withVectors?: boolean | undefined;
}

export class MemoryCollection {
  readonly name: string;
  readonly dimensions: number;
  readonly distance: Distance;
  /** Payload fields indexed with `createPayloadIndex` (kept for parity; scans need no index). */
  readonly indexes = new Map<string, string>();
  private readonly arena: VectorArena;
  private ids: PointId[] = [];
  private payloads: Payload[] = [];
  /** Row of each id. A Map keeps `42` and `'42'` apart. */
  private rowOf = new Map<PointId, number>();

  constructor(name: string, dimensions: number, distance: Distance) {
    this.name = name;
    this.dimensions = dimensions;
    this.distance = distance;
    this.arena = new VectorArena(dimensions, INITIAL_CAPACITY);
  }

  /** Number of points. */
  get size(): number {
    return this.ids.length;
  }

  /** Insert or replace points (already validated). */
  upsert(points: VectorPoint[]): void {
    // Serialise payloads first: a payload JSON cannot represent must fail before any write,
    // and the copy keeps later mutation by the caller out of the store (as over the wire).
    const payloads = points.map((p) => this.copyPayload(p));
    const row = new Float32Array(this.dimensions);
    points.forEach((point, i) => {
      row.set(point.vector);
      if (this.distance === 'cosine') normalizeInPlace(row);
      let at = this.rowOf.get(point.id);
      if (at === undefined) {
        at = this.ids.length;
        this.ensureCapacity(at + 1);
        this.ids.push(point.id);
        this.payloads.push(payloads[i] as Payload);
        this.rowOf.set(point.id, at);
      } else {
        this.payloads[at] = payloads[i] as Payload;
      }
      this.arena.data.set(row, at * this.dimensions);
    });
  }

  /** Points by id, in the order asked; unknown ids skipped. */
  get(ids: PointId[]): StoredPoint[] {
    const out: StoredPoint[] = [];
    for (const id of ids) {
      const row = this.rowOf.get(id);
      if (row === undefined) continue;
      out.push({ id, vector: this.vectorAt(row), payload: structuredClone(this.payloads[row] as Payload) });
    }
    return out;
  }

  /** Delete by id. The last row moves into the hole, keeping storage contiguous. */
  delete(ids: PointId[]): void {
    const dims = this.dimensions;
    for (const id of ids) {
      const row = this.rowOf.get(id);
      if (row === undefined) continue;
      const last = this.ids.length - 1;
      if (row !== last) {
        const movedId = this.ids[last] as PointId;
        this.arena.data.copyWithin(row * dims, last * dims, (last + 1) * dims);
        this.ids[row] = movedId;
        this.payloads[row] = this.payloads[last] as Payload;
        this.rowOf.set(movedId, row);
      }
      this.ids.pop();
      this.payloads.pop();
      this.rowOf.delete(id);
    }
  }

  /** Points passing `filter` (all when none). */
  count(filter?: Filter): number {
    if (!filter) return this.ids.length;
    const test = compileFilter(filter);
    let n = 0;
    for (const payload of this.payloads) if (test(payload)) n++;
    return n;
  }

  /** Exact top-k by brute force. Filters run first so excluded rows are never scored. */
  search(request: ScanRequest): SearchHit[] {
    const query = Float32Array.from(request.vector);
    if (this.distance === 'cosine') normalizeInPlace(query);
    const rows = request.filter ? this.matchingRows(request.filter) : undefined;
    const euclid = this.distance === 'euclid';
    // Internally higher is always better: euclid ranks by negated squared distance,
    // which orders the same as the distance and saves a sqrt per row.
    const threshold = request.scoreThreshold;
    if (euclid && threshold !== undefined && threshold < 0) return [];
    const minScore = threshold === undefined ? Number.NEGATIVE_INFINITY : euclid ? -(threshold * threshold) : threshold;
    const sign = euclid ? -1 : 1;
    const top = new TopK(request.topK);
    let floor = top.floor;
    this.arena.scan(query, this.ids.length, rows, euclid, (scores, count, first, rowIds) => {
      for (let i = 0; i < count; i++) {
        const score = sign * (scores[i] as number);
        // Cheap reject first: most rows of a large scan never reach the heap.
        if (score <= floor || score < minScore) continue;
        top.push(score, rowIds ? (rowIds[i] as number) : first + i);
        floor = top.floor;
      }
    });
    return top.sorted().map(({ score, row }) => {
      const hit: SearchHit = {
        id: this.ids[row] as PointId,
        score: euclid ? Math.sqrt(-score) : score,
        payload: structuredClone(this.payloads[row] as Payload),
      };
      if (request.withVectors) hit.vector = this.vectorAt(row);
      return hit;
    });
  }

  private matchingRows(filter: Filter): Int32Array {
    const test = compileFilter(filter);
    const rows = new Int32Array(this.ids.length);
    let n = 0;
    for (let row = 0; row < this.payloads.length; row++) if (test(this.payloads[row] as Payload)) rows[n++] = row;
    return rows.subarray(0, n);
  }

  private vectorAt(row: number): number[] {
    return Array.from(this.arena.data.subarray(row * this.dimensions, (row + 1) * this.dimensions));
  }

  private ensureCapacity(rows: number): void {
    try {
      this.arena.ensureCapacity(rows);
    } catch (error) {
      throw new VectorStoreError(
        'invalid_request',
        `collection "${this.name}" is full: ${rows} vectors of dimension ${this.dimensions} exceed ${(error as Error).message}; use Qdrant for this size`,
        { collection: this.name, cause: error },
      );
    }
  }

  private copyPayload(point: VectorPoint): Payload {
    if (point.payload === undefined) return {};
    try {
      return JSON.parse(JSON.stringify(point.payload)) as Payload;
    } catch (error) {
      throw new VectorStoreError(
        'invalid_request',
        `collection "${this.name}": payload of point ${JSON.stringify(point.id)} is not JSON-serialisable (${(error as Error).message})`,
        { collection: this.name, cause: error },
      );
    }
  }
}
