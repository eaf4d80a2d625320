/**
 * The vector store contract. Two implementations: `memory` (the embedded default)
 * and `qdrant` (the real `@qdrant/js-client-rest` client). Both pass the same
 * contract suite, so code written against this interface runs unchanged on either.
 *
 * Semantics follow Qdrant where the two could differ (scores, filters, ids), so
 * moving from the memory store to Qdrant never changes what a caller sees.
 */

/**
 * How similarity is measured.
 * - `cosine`: cosine similarity in [-1, 1], higher is better. Vectors are
 *   L2-normalised when stored (as Qdrant does), so `get` returns unit vectors.
 * - `dot`: dot product, higher is better.
 * - `euclid`: Euclidean distance, LOWER is better; hits are sorted ascending.
 */
export type Distance = 'cosine' | 'dot' | 'euclid';

/**
 * A point id: a string of your choice, or a non-negative safe integer.
 * `42` and `'42'` are different ids.
 */
export type PointId = string | number;

/** JSON-serialisable data stored next to a vector and used by filters. */
export type Payload = Record<string, unknown>;

/** What a collection holds. */
export interface CollectionConfig {
  /** Collection name: 1–255 characters, no `/`. */
  name: string;
  /** Length every vector in the collection must have. */
  dimensions: number;
  /** Similarity measure, fixed for the collection's lifetime. */
  distance: Distance;
  /**
   * The HNSW graph an approximate store builds (Qdrant's `hnsw_config`). Build-time settings: they
   * do not change the collection's shape, and an exact store (`memory`) validates and ignores them.
   */
  hnsw?: HnswConfig;
}

/** HNSW build parameters, as Qdrant names them in `hnsw_config`. */
export interface HnswConfig {
  /** Links per node (Qdrant `m`, default 16): more links, better recall at a given `ef`, more memory. */
  m?: number;
  /** Candidates kept while building (Qdrant `ef_construct`, default 100): slower builds, a better graph. */
  efConstruct?: number;
}

/** A point to write. */
export interface VectorPoint {
  /** Stable id: writing the same id again replaces the point (idempotent upsert). */
  id: PointId;
  /** The vector; its length must equal the collection's `dimensions`, every component finite. */
  vector: number[];
  /** Data to store with the vector; filters match on it. Key `__id` is reserved. */
  payload?: Payload;
}

/** A point read back by `get`. */
export interface StoredPoint {
  /** The caller's id, exactly as written. */
  id: PointId;
  /** The stored vector (unit-normalised in `cosine` collections). */
  vector: number[];
  /** The stored payload (`{}` when none was written). */
  payload: Payload;
}

/**
 * A scalar a payload value can be matched against: a string, an integer or a boolean. Qdrant reads
 * no decimals here (it answers 400), so both stores refuse them: match decimals with a range.
 */
export type MatchValue = string | number | boolean;

/**
 * Payload field equals `value`, or (with `any`) equals one of the listed values.
 * When the payload field is an array, the condition holds if any element matches.
 */
export interface MatchCondition {
  /** Payload key; dots reach into nested objects (`author.name`). */
  key: string;
  /** Exactly one of `value` or `any`; `any` lists only strings or only integers, as Qdrant requires. */
  match: { value: MatchValue } | { any: string[] | number[] };
}

/** Numeric payload field within bounds; every bound given must hold. */
export interface RangeCondition {
  /** Payload key; dots reach into nested objects. */
  key: string;
  /** Bounds: greater than, greater or equal, less than, less or equal. */
  range: { gt?: number; gte?: number; lt?: number; lte?: number };
}

/** One condition: a field condition or a nested filter. */
export type Condition = MatchCondition | RangeCondition | Filter;

/**
 * A payload filter; the subset of Qdrant's filter language that both stores support,
 * with the same field names, so it is sent to Qdrant unchanged.
 * A point passes when ALL `must` hold, at least one `should` holds (if any are given),
 * and NO `must_not` holds. An empty filter passes every point. A missing field fails
 * every match and range condition.
 */
export interface Filter {
  /** Every condition must hold (AND). */
  must?: Condition[];
  /** At least one condition must hold (OR), when the list is not empty. */
  should?: Condition[];
  /** No condition may hold (NOT). */
  must_not?: Condition[];
}

/** One similarity query. */
export interface SearchRequest {
  /** Query vector, same dimension as the collection, every component finite. */
  vector: number[];
  /** Maximum number of hits: a positive integer. */
  topK: number;
  /** Only points whose payload passes this filter are scored. */
  filter?: Filter;
  /**
   * Drop weaker hits: for `cosine` and `dot` hits need `score >= scoreThreshold`;
   * for `euclid` (a distance) hits need `score <= scoreThreshold`.
   */
  scoreThreshold?: number;
  /** Return each hit's stored vector too (default false: less data to move). */
  withVectors?: boolean;
  /**
   * Candidates an HNSW search keeps (Qdrant's `params.hnsw_ef`): higher finds more of the exact top
   * k and costs more. Exact stores validate and ignore it.
   */
  hnswEf?: number;
  /** Search exactly even where the store has an HNSW index (Qdrant's `params.exact`), e.g. to measure its recall. */
  exact?: boolean;
}

/** One search result. */
export interface SearchHit {
  /** The caller's id. */
  id: PointId;
  /** Similarity (`cosine`, `dot`) or distance (`euclid`); see `Distance`. */
  score: number;
  /** The stored payload (`{}` when none). */
  payload: Payload;
  /** The stored vector, only when `withVectors` was set. */
  vector?: number[];
}

/** Payload index kinds. Indexes speed up filters in Qdrant; they never change results. */
export type PayloadIndexType = 'keyword' | 'integer' | 'float' | 'bool';

/** What a store can do; check before relying on a feature. */
export interface VectorStoreCapabilities {
  /** Data survives a process restart (false for `memory`). */
  persistent: boolean;
  /** Search is exact brute force (true) or may be approximate, e.g. HNSW (false). */
  exactSearch: boolean;
  /** Largest vector dimension a collection may have. */
  maxDimensions: number;
}

/** A vector store. Every method rejects with a `VectorStoreError` on failure. */
export interface VectorStore {
  /** Implementation id: `memory` or `qdrant`. */
  readonly provider: string;
  /** Feature flags and limits. */
  readonly capabilities: VectorStoreCapabilities;

  /**
   * Create a collection. Idempotent: asking again for the same dimensions and distance
   * is a no-op; asking for different ones rejects with `collection_exists`.
   */
  createCollection(config: CollectionConfig): Promise<void>;
  /** Whether the collection exists. */
  hasCollection(name: string): Promise<boolean>;
  /** Drop the collection and its points. Resolves false when it did not exist (no error). */
  deleteCollection(name: string): Promise<boolean>;
  /** Names of every collection, sorted. */
  listCollections(): Promise<string[]>;
  /** Index a payload field for faster filtering. Idempotent. */
  createPayloadIndex(collection: string, field: string, type: PayloadIndexType): Promise<void>;

  /**
   * Insert or replace points by id. All points are validated before any is written,
   * so a bad point leaves the collection unchanged.
   */
  upsert(collection: string, points: VectorPoint[]): Promise<void>;
  /** Read points by id, in the order asked; ids that do not exist are skipped. */
  get(collection: string, ids: PointId[]): Promise<StoredPoint[]>;
  /** Delete points by id; ids that do not exist are ignored. */
  delete(collection: string, ids: PointId[]): Promise<void>;
  /** Number of points, or of points passing `filter`. */
  count(collection: string, filter?: Filter): Promise<number>;
  /** The `topK` best points for `request.vector`, best first. */
  search(collection: string, request: SearchRequest): Promise<SearchHit[]>;
}
