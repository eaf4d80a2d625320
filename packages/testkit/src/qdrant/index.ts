/**
 * The emulated Qdrant REST API (v1.19), so the real `@qdrant/js-client-rest` client runs in tests:
 * collections (list, info, exists, create, delete), payload indexes, points (upsert, retrieve,
 * delete, count, scroll) and search through `/points/query` (v1.19 removed `/points/search`).
 * `hnsw_config` (kept, reported by collection info) and a query's `params` (`hnsw_ef`, `exact`) are checked, but the
 * search is always exact: Qdrant itself searches exactly until a segment passes its indexing threshold.
 * Answers use Qdrant's envelopes: `{ result, status: "ok", time }`, and errors
 * `{ status: { error }, time }` with Qdrant's status codes and messages. Writes sent with
 * `wait=false` are only acknowledged and land a moment later, so read-after-write races show.
 * Collections live in memory and are dropped on `reset()` (after every test).
 */
import { type HttpHandler, HttpResponse, http } from 'msw';
import { type ControlsOptions, createControls, type EmulatedCall, emulate } from '../core.ts';
import type { QdrantEmulator } from '../types.ts';
import {
  type Collection,
  compareIds,
  filterPoints,
  float32Json,
  isDistance,
  notFound,
  parsePointId,
  parseVector,
  type QdrantDistance,
  QdrantError,
  type StoredPoint,
  score,
} from './state.ts';

/** Version reported by `GET /`: the release the vendored spec and the 1.19 client describe. */
export const QDRANT_EMULATED_VERSION = '1.19.0';

/** How long after an acknowledged `wait=false` write its change becomes visible, in ms. */
export const ACKNOWLEDGED_WRITE_DELAY_MS = 20;

/** Endpoints a Qdrant server with an API key still answers without one. */
const OPEN_ROUTES = new Set(['/', '/healthz', '/readyz', '/livez']);

const DISTANCES: readonly QdrantDistance[] = ['Cosine', 'Dot', 'Euclid', 'Manhattan'];

type Json = Record<string, unknown>;

/** Qdrant's error body. */
export function qdrantErrorBody(_status: number, message: string) {
  return { status: { error: message }, time: 0 };
}

function asObject(body: unknown): Json {
  if (body === undefined || body === '') return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new QdrantError(
      400,
      `Format error in JSON body: expected a JSON object, got ${JSON.stringify(body).slice(0, 60)}`,
    );
  }
  return body as Json;
}

function param(call: EmulatedCall, name: string): string {
  const value = call.params[name];
  return decodeURIComponent(Array.isArray(value) ? String(value[0]) : String(value ?? ''));
}

/** Creates a Qdrant emulator at `baseURL` (e.g. `http://127.0.0.1:6333`) and its msw handlers. */
export function createQdrantEmulator(
  baseURL: string,
  options: ControlsOptions = {},
): { emulator: QdrantEmulator; handlers: HttpHandler[] } {
  const controls = createControls(baseURL, options);
  const base = controls.baseURL;
  const collections = new Map<string, Collection>();
  const pendingWrites = new Set<ReturnType<typeof setTimeout>>();
  let apiKey: string | undefined;
  controls.onReset(() => {
    collections.clear();
    for (const timer of pendingWrites) clearTimeout(timer);
    pendingWrites.clear();
    apiKey = undefined;
  });

  /** With an API key set: 401 unless `api-key` or `Authorization: Bearer` carries it. */
  const guard = ({ request }: EmulatedCall): Response | undefined => {
    const basePath = new URL(base).pathname.replace(/\/+$/, '');
    if (apiKey === undefined || OPEN_ROUTES.has(new URL(request.url).pathname.slice(basePath.length) || '/')) {
      return undefined;
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization')?.trim() ?? '')?.[1];
    const given = request.headers.get('api-key') ?? bearer;
    if (given === apiKey) return undefined;
    const message =
      given === null || given === undefined
        ? 'Must provide an API key or an Authorization bearer token'
        : 'Invalid API key or JWT';
    return HttpResponse.json({ status: { error: message }, time: 0 }, { status: 401 });
  };

  const updated = (c: Collection) => ({ operation_id: ++c.operations, status: 'completed' });

  /**
   * Applies a write now (`wait=true`, the client's default: answered `completed`) or a moment later
   * (`wait=false`: answered `acknowledged`, as the server only queues it).
   */
  const write = (call: EmulatedCall, c: Collection, apply: (operationId: number) => void) => {
    const result = updated(c);
    if (new URL(call.request.url).searchParams.get('wait') === 'true') {
      apply(result.operation_id);
      return result;
    }
    const timer = setTimeout(() => {
      pendingWrites.delete(timer);
      apply(result.operation_id);
    }, ACKNOWLEDGED_WRITE_DELAY_MS);
    pendingWrites.add(timer);
    return { ...result, status: 'acknowledged' };
  };

  const existing = (name: string): Collection => {
    const c = collections.get(name);
    if (!c) throw notFound(name);
    return c;
  };

  /** Wraps a handler: shared faults/latency/recording, the envelope, and QdrantError → HTTP error. */
  const route = (handle: (call: EmulatedCall, body: Json) => unknown) =>
    emulate(controls, { errorBody: qdrantErrorBody, guard }, (call) => {
      const started = performance.now();
      const time = () => (performance.now() - started) / 1000;
      try {
        const result = handle(call, asObject(call.recorded.body));
        return HttpResponse.json({ result, status: 'ok', time: time() });
      } catch (error) {
        if (!(error instanceof QdrantError)) throw error;
        return HttpResponse.json({ status: { error: error.message }, time: time() }, { status: error.status });
      }
    });

  const record = (p: StoredPoint, withPayload: unknown, withVector: unknown) => {
    const out: Json = { id: p.id };
    const payload = selectPayload(p.payload, withPayload);
    if (payload) out.payload = payload;
    if (withVector === true) out.vector = Array.from(p.vector, float32Json);
    return out;
  };

  const search = (c: Collection, body: Json, vectorField: unknown) => {
    const vector = parseVector(c, vectorField);
    const limit = typeof body.limit === 'number' ? body.limit : 10;
    const offset = typeof body.offset === 'number' ? body.offset : 0;
    const threshold = typeof body.score_threshold === 'number' ? body.score_threshold : undefined;
    const ascending = isDistance(c.distance);
    return filterPoints(c, body.filter)
      .map((p) => ({ p, s: score(c.distance, vector, p.vector) }))
      .filter(({ s }) => threshold === undefined || (ascending ? s <= threshold : s >= threshold))
      .sort((a, b) => (ascending ? a.s - b.s : b.s - a.s))
      .slice(offset, offset + limit)
      .map(({ p, s }) => ({
        ...record(p, body.with_payload ?? false, body.with_vector),
        version: p.version,
        score: float32Json(s),
      }));
  };

  const handlers: HttpHandler[] = [
    // Version probe (the client's compatibility check) and health endpoints.
    http.get(
      `${base}/`,
      emulate(controls, { errorBody: qdrantErrorBody, guard }, () =>
        HttpResponse.json({
          title: 'qdrant - vector search engine',
          version: QDRANT_EMULATED_VERSION,
          commit: 'testkit',
        }),
      ),
    ),
    http.get(
      `${base}/healthz`,
      emulate(controls, { errorBody: qdrantErrorBody, guard }, () => new HttpResponse('healthz check passed')),
    ),
    http.get(
      `${base}/readyz`,
      emulate(controls, { errorBody: qdrantErrorBody, guard }, () => new HttpResponse('all shards are ready')),
    ),

    http.get(
      `${base}/collections`,
      route(() => ({
        collections: [...collections.keys()].map((name) => ({ name })),
      })),
    ),

    http.get(
      `${base}/collections/:name/exists`,
      route((call) => ({ exists: collections.has(param(call, 'name')) })),
    ),

    http.get(
      `${base}/collections/:name`,
      route((call) => collectionInfo(existing(param(call, 'name')))),
    ),

    http.put(
      `${base}/collections/:name`,
      route((call, body) => {
        const name = param(call, 'name');
        const vectors = (body.vectors ?? {}) as Json;
        if (
          typeof vectors.size !== 'number' ||
          !Number.isInteger(vectors.size) ||
          vectors.size < 1 ||
          vectors.size > 65_536
        ) {
          throw new QdrantError(
            422,
            `Validation error in JSON body: [vectors.size: value ${JSON.stringify(vectors.size)} invalid, must be from 1 to 65536]`,
          );
        }
        if (!DISTANCES.includes(vectors.distance as QdrantDistance)) {
          throw new QdrantError(
            400,
            `Format error in JSON body: unknown variant \`${String(vectors.distance)}\`, expected one of \`Cosine\`, \`Euclid\`, \`Dot\`, \`Manhattan\``,
          );
        }
        const hnsw = parseHnswConfig(body.hnsw_config);
        if (collections.has(name)) throw new QdrantError(409, `Wrong input: Collection \`${name}\` already exists!`);
        collections.set(name, {
          name,
          size: vectors.size,
          distance: vectors.distance as QdrantDistance,
          points: new Map(),
          payloadSchema: new Map(),
          operations: 0,
          hnsw: { ...DEFAULT_HNSW_CONFIG, ...hnsw },
        });
        return true;
      }),
    ),

    // Deleting a missing collection is not an error in Qdrant: it answers `false`.
    http.delete(
      `${base}/collections/:name`,
      route((call) => collections.delete(param(call, 'name'))),
    ),

    http.put(
      `${base}/collections/:name/index`,
      route((call, body) => {
        const c = existing(param(call, 'name'));
        if (typeof body.field_name !== 'string')
          throw new QdrantError(400, 'Format error in JSON body: missing field `field_name`');
        const field = body.field_name;
        const schema =
          typeof body.field_schema === 'string' ? body.field_schema : String((body.field_schema as Json | null)?.type);
        return write(call, c, () => c.payloadSchema.set(field, schema));
      }),
    ),

    // Upsert: `{ points: [{ id, vector, payload }] }` or `{ batch: { ids, vectors, payloads } }`.
    http.put(
      `${base}/collections/:name/points`,
      route((call, body) => {
        const c = existing(param(call, 'name'));
        const raw: { id: unknown; vector: unknown; payload: unknown }[] = Array.isArray(body.points)
          ? (body.points as Json[]).map((p) => ({ id: p.id, vector: p.vector, payload: p.payload }))
          : batchPoints(body.batch);
        // Validate everything first: Qdrant rejects the whole request on one bad point.
        const parsed = raw.map((p) => ({
          id: parsePointId(p.id),
          vector: parseVector(c, p.vector),
          payload: p.payload,
        }));
        return write(call, c, (operationId) => {
          for (const p of parsed) {
            const payload =
              typeof p.payload === 'object' && p.payload !== null ? structuredClone(p.payload as Json) : {};
            c.points.set(p.id, { id: p.id, vector: p.vector, payload, version: operationId });
          }
        });
      }),
    ),

    // Retrieve by ids.
    http.post(
      `${base}/collections/:name/points`,
      route((call, body) => {
        const c = existing(param(call, 'name'));
        const ids = Array.isArray(body.ids) ? body.ids.map(parsePointId) : [];
        return ids.flatMap((id) => {
          const p = c.points.get(id);
          return p ? [record(p, body.with_payload ?? true, body.with_vector)] : [];
        });
      }),
    ),

    // Delete by ids (`points`) or by `filter`.
    http.post(
      `${base}/collections/:name/points/delete`,
      route((call, body) => {
        const c = existing(param(call, 'name'));
        let doomed: (string | number)[];
        if (Array.isArray(body.points)) doomed = body.points.map(parsePointId);
        else if (body.filter !== undefined) doomed = filterPoints(c, body.filter).map((p) => p.id);
        else throw new QdrantError(400, 'Format error in JSON body: expected `points` or `filter`');
        return write(call, c, () => {
          for (const id of doomed) c.points.delete(id);
        });
      }),
    ),

    http.post(
      `${base}/collections/:name/points/count`,
      route((call, body) => {
        const c = existing(param(call, 'name'));
        return { count: filterPoints(c, body.filter).length };
      }),
    ),

    http.post(
      `${base}/collections/:name/points/scroll`,
      route((call, body) => {
        const c = existing(param(call, 'name'));
        const limit = typeof body.limit === 'number' ? body.limit : 10;
        const start = body.offset === undefined || body.offset === null ? undefined : parsePointId(body.offset);
        const sorted = filterPoints(c, body.filter)
          .sort((a, b) => compareIds(a.id, b.id))
          .filter((p) => start === undefined || compareIds(p.id, start) >= 0);
        return {
          points: sorted.slice(0, limit).map((p) => record(p, body.with_payload ?? true, body.with_vector)),
          next_page_offset: sorted[limit]?.id ?? null,
        };
      }),
    ),

    // Universal query API (what the client's `query()` calls): nearest-neighbour queries, or, without
    // a query, the filtered points in id order (score 0), as Qdrant answers.
    http.post(
      `${base}/collections/:name/points/query`,
      route((call, body) => {
        const c = existing(param(call, 'name'));
        const query = body.query as unknown;
        if (query === undefined || query === null) {
          const limit = typeof body.limit === 'number' ? body.limit : 10;
          const offset = typeof body.offset === 'number' ? body.offset : 0;
          const points = filterPoints(c, body.filter)
            .sort((a, b) => compareIds(a.id, b.id))
            .slice(offset, offset + limit)
            .map((p) => ({ ...record(p, body.with_payload ?? false, body.with_vector), version: p.version, score: 0 }));
          return { points };
        }
        // Checked as Qdrant checks them; the search stays exact, as Qdrant's is below its indexing threshold.
        parseSearchParams(body.params);
        const vector = Array.isArray(query) ? query : (query as Json | null)?.nearest;
        if (!Array.isArray(vector)) {
          throw new QdrantError(
            400,
            'Format error in JSON body: the testkit emulator supports `query` as a dense vector or `{ nearest }` only',
          );
        }
        return { points: search(c, body, vector) };
      }),
    ),

    // Removed in v1.19 (the 1.19 client has no search()); a clear 404 instead of a silent success.
    http.post(
      `${base}/collections/:name/points/search`,
      emulate(controls, { errorBody: qdrantErrorBody, guard }, () =>
        HttpResponse.json(
          { status: { error: 'Not found: /points/search was removed in Qdrant 1.19; use /points/query' }, time: 0 },
          { status: 404 },
        ),
      ),
    ),
  ];

  const emulator: QdrantEmulator = {
    get baseURL() {
      return controls.baseURL;
    },
    get requests() {
      return controls.requests;
    },
    fail: (fault, times) => controls.fail(fault, times),
    setLatency: (ms) => controls.setLatency(ms),
    reset: () => controls.reset(),
    collectionNames: () => [...collections.keys()].sort(),
    get apiKey() {
      return apiKey;
    },
    set apiKey(next: string | undefined) {
      apiKey = next;
    },
  };
  return { emulator, handlers };
}

/** Qdrant's `hnsw_config` defaults (what `GET /collections/{name}` reports when none was asked for). */
const DEFAULT_HNSW_CONFIG = {
  m: 16,
  ef_construct: 100,
  full_scan_threshold: 10_000,
  max_indexing_threads: 0,
  on_disk: false,
};

/** An unsigned integer field of a request body, checked as Qdrant does (type: 400; range: 422). */
function unsigned(value: unknown, field: string, min = 0): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new QdrantError(
      400,
      `Format error in JSON body: ${field}: invalid value: ${JSON.stringify(value)}, expected usize`,
    );
  }
  if (value < min) {
    throw new QdrantError(
      422,
      `Validation error in JSON body: [${field}: value ${value} invalid, must be ${min}.0 or larger]`,
    );
  }
  return value;
}

/** The fields of `hnsw_config` the emulator keeps (the graph itself is not built). */
function parseHnswConfig(raw: unknown): Partial<typeof DEFAULT_HNSW_CONFIG> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new QdrantError(400, 'Format error in JSON body: hnsw_config: invalid type, expected struct HnswConfigDiff');
  }
  const config = raw as Json;
  const out: Partial<typeof DEFAULT_HNSW_CONFIG> = {};
  const m = unsigned(config.m, 'hnsw_config.m');
  const efConstruct = unsigned(config.ef_construct, 'hnsw_config.ef_construct', 4);
  const fullScan = unsigned(config.full_scan_threshold, 'hnsw_config.full_scan_threshold', 10);
  if (m !== undefined) out.m = m;
  if (efConstruct !== undefined) out.ef_construct = efConstruct;
  if (fullScan !== undefined) out.full_scan_threshold = fullScan;
  if (config.on_disk !== undefined && config.on_disk !== null) {
    if (typeof config.on_disk !== 'boolean') {
      throw new QdrantError(400, 'Format error in JSON body: hnsw_config.on_disk: invalid type, expected a boolean');
    }
    out.on_disk = config.on_disk;
  }
  return out;
}

/** A query's `params` (`hnsw_ef`, `exact`), refused where Qdrant refuses them. */
function parseSearchParams(raw: unknown): void {
  if (raw === undefined || raw === null) return;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new QdrantError(400, 'Format error in JSON body: params: invalid type, expected struct SearchParams');
  }
  const params = raw as Json;
  unsigned(params.hnsw_ef, 'params.hnsw_ef');
  if (params.exact !== undefined && params.exact !== null && typeof params.exact !== 'boolean') {
    throw new QdrantError(400, 'Format error in JSON body: params.exact: invalid type, expected a boolean');
  }
}

function batchPoints(batch: unknown): { id: unknown; vector: unknown; payload: unknown }[] {
  if (typeof batch !== 'object' || batch === null) {
    throw new QdrantError(400, 'Format error in JSON body: expected `points` or `batch`');
  }
  const b = batch as { ids?: unknown[]; vectors?: unknown[]; payloads?: unknown[] };
  const ids = b.ids ?? [];
  if (!Array.isArray(b.vectors) || b.vectors.length !== ids.length) {
    throw new QdrantError(400, 'Wrong input: number of ids and vectors must be equal');
  }
  return ids.map((id, i) => ({ id, vector: b.vectors?.[i], payload: b.payloads?.[i] }));
}

/** `with_payload`: true/false, a list of keys, or `{ include }` / `{ exclude }`. */
function selectPayload(payload: Json, selector: unknown): Json | undefined {
  if (selector === false || selector === undefined || selector === null) return undefined;
  const copy = structuredClone(payload);
  if (selector === true) return copy;
  const include = Array.isArray(selector) ? selector : (selector as { include?: unknown[] }).include;
  const exclude = (selector as { exclude?: unknown[] }).exclude;
  if (Array.isArray(include)) return Object.fromEntries(Object.entries(copy).filter(([k]) => include.includes(k)));
  if (Array.isArray(exclude)) return Object.fromEntries(Object.entries(copy).filter(([k]) => !exclude.includes(k)));
  return copy;
}

/** `GET /collections/{name}`: Qdrant's collection info, with the fields that vary filled in. */
function collectionInfo(c: Collection) {
  return {
    status: 'green',
    optimizer_status: 'ok',
    indexed_vectors_count: 0,
    points_count: c.points.size,
    segments_count: 1,
    config: {
      params: {
        vectors: { size: c.size, distance: c.distance },
        shard_number: 1,
        replication_factor: 1,
        write_consistency_factor: 1,
        on_disk_payload: true,
      },
      hnsw_config: c.hnsw,
      optimizer_config: {
        deleted_threshold: 0.2,
        vacuum_min_vector_number: 1000,
        default_segment_number: 0,
        max_segment_size: null,
        memmap_threshold: null,
        indexing_threshold: 10_000,
        flush_interval_sec: 5,
        max_optimization_threads: null,
      },
      wal_config: { wal_capacity_mb: 32, wal_segments_ahead: 0 },
      quantization_config: null,
    },
    payload_schema: Object.fromEntries(
      [...c.payloadSchema].map(([field, type]) => [field, { data_type: type, points: c.points.size }]),
    ),
  };
}
