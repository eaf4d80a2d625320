/**
 * The service's shared state, reduced to the few atomic primitives every shared piece is built
 * from: the response cache, token budgets, rate limits, circuit breakers, adoption, ratings and
 * idempotency records all live in a `StateStore`, so one process, the workers of one machine and
 * several machines differ only in which store they are given:
 *
 * - `MemoryStateStore`: this process (the embedded default, `pnpm start`);
 * - `IpcStateStore`: the cluster primary's memory store, reached over IPC (`CAPSTONE_WORKERS=N`);
 * - `RedisStateStore`: Redis (`REDIS_URL`), shared by every process on every machine.
 *
 * Every operation is atomic on its own; nothing needs a transaction across two of them.
 * Given code: the same file in the starter and the solution.
 */

/** The result of `increment`. */
export interface Counted {
  /** False when `limit` refused the addition (nothing changed). */
  ok: boolean;
  /** The counter's value after the call (before it, when refused). */
  value: number;
  /** Milliseconds until the counter expires. */
  ttlMs: number;
}

/** Atomic primitives over string keys. Values and members are strings; counters are integers. */
export interface StateStore {
  /** Where the state lives: this process, the cluster primary, or Redis. */
  readonly kind: 'memory' | 'ipc' | 'redis';
  /** The value of `key`, or undefined when absent or expired. */
  get(key: string): Promise<string | undefined>;
  /**
   * Store `value` under `key` for `ttlMs`. With `onlyIfAbsent`, an existing key is left as it is.
   * Resolves with whether the value was written.
   */
  set(key: string, value: string, ttlMs: number, onlyIfAbsent?: boolean): Promise<boolean>;
  /** Remove `key` (absent keys are fine). */
  delete(key: string): Promise<void>;
  /**
   * Add the integer `delta` to the counter `key`, which starts at 0 and expires `ttlMs` after it
   * was created (later additions keep that expiry). With `limit`, a positive `delta` that would take
   * the counter above `limit` is refused and changes nothing.
   */
  increment(key: string, delta: number, ttlMs: number, limit?: number): Promise<Counted>;
  /** In the sorted set `key`, give `member` the `score`; the set expires `ttlMs` after this call. */
  mark(key: string, member: string, score: number, ttlMs: number): Promise<void>;
  /** Members of the sorted set `key` scoring at least `min`, after removing those scoring below `dropBelow`. */
  countSince(key: string, min: number, dropBelow?: number): Promise<number>;
  /** Resolves when the store answers (readiness). */
  ping(): Promise<void>;
  /** Release connections and timers. */
  close(): Promise<void>;
}

/** A store operation failed: the store is unreachable or answered with an error. */
export class StateStoreError extends Error {
  override readonly name = 'StateStoreError';
  /** The operation that failed, e.g. `increment`. */
  readonly operation: string;

  constructor(operation: string, message: string, options?: { cause?: unknown }) {
    super(`state store: ${operation} failed: ${message}`, options);
    this.operation = operation;
  }
}
