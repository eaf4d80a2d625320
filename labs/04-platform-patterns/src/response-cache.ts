/**
 * Exact-match response cache for chat calls: TTL, a size cap with LRU eviction, and a
 * hit-rate metric. Only deterministic requests (temperature 0) are cached unless the caller
 * opts in: replaying one sampled answer to everyone changes what a temperature > 0 means.
 */
import type { ChatModel, ChatRequest, ChatResponse } from '@workshop/llm';
import { type Clock, systemClock } from './clock.ts';

/** Settings of a `ResponseCache`. */
export interface ResponseCacheOptions {
  /** Most entries kept; the least recently used goes first when full. */
  maxEntries: number;
  /** How long an answer stays fresh, in milliseconds. */
  ttlMs: number;
  /** Also cache requests whose temperature is above 0 (or unset: providers default to 1). */
  cacheNonZeroTemperature?: boolean;
  /** Clock for expiry; `Date.now` by default. */
  now?: Clock;
}

/** Options of one cached call. */
export interface CachedCallOptions {
  /** Who may share this answer (a tenant or user id); answers never cross scopes. */
  scope?: string;
}

/** What the cache has done so far. */
export interface CacheStats {
  /** Lookups answered from the cache. */
  hits: number;
  /** Cacheable lookups that had to call the model. */
  misses: number;
  /** Calls that were not eligible for caching (temperature > 0) and went straight to the model. */
  bypassed: number;
  /** `hits / (hits + misses)`; 0 before the first cacheable lookup. */
  hitRate: number;
  /** Entries held now. */
  size: number;
  /** Entries removed to respect `maxEntries`. */
  evictions: number;
  /** Tokens the hits would have cost (their original `usage.totalTokens`). */
  tokensSaved: number;
}

/** An in-process exact-match cache in front of any `ChatModel`. */
export class ResponseCache {
  readonly #options: ResponseCacheOptions;
  readonly #now: Clock;

  constructor(options: ResponseCacheOptions) {
    // TODO: reject a maxEntries that is not a positive integer and a ttlMs that is not a
    //   positive number, with a RangeError naming the field.
    this.#options = options;
    this.#now = options.now ?? systemClock;
    // TODO: add the entries (a Map keeps insertion order: delete and re-set a key on every use,
    //   and its first key is the least recently used) and the counters behind `stats()`.
  }

  /**
   * Answer `request` from the cache, or call `model` and keep the answer. A hit returns the
   * stored response with zero usage and cost (nothing was spent) and the lookup's latency.
   */
  async generate(model: ChatModel, request: ChatRequest, options: CachedCallOptions = {}): Promise<ChatResponse> {
    // TODO 1: not cacheable (temperature other than exactly 0 — unset counts as > 0 — unless
    //   `cacheNonZeroTemperature`) → count it as bypassed and return model.generate(request).
    // TODO 2: key = requestCacheKey(model.modelId, request, options.scope) (see cache-key.ts).
    // TODO 3: a fresh entry (expiresAt > now) → count a hit, add its usage.totalTokens to
    //   tokensSaved, mark it most recently used, and return it with zero usage and cost.
    //   An expired entry is deleted and treated as a miss.
    // TODO 4: a miss → count it, call the model, and store the response only when it is complete
    //   (finishReason `stop` or `tool_calls`), expiring at now + ttlMs. When over maxEntries,
    //   evict the least recently used entries (and count the evictions).
    void this.#options;
    void this.#now;
    void model;
    void request;
    void options;
    throw new Error('TODO: ResponseCache.generate — look up the normalised request, call the model on a miss');
  }

  /** Counters and the hit rate so far. */
  stats(): CacheStats {
    // TODO: return the counters; hitRate = hits / (hits + misses), 0 before any lookup.
    throw new Error('TODO: ResponseCache.stats — report hits, misses, bypassed, hitRate, size, evictions, tokensSaved');
  }

  /** Forget every entry (e.g. after the prompt or the data behind the answers changed). */
  clear(): void {
    // TODO: empty the entries (keep the counters).
    throw new Error('TODO: ResponseCache.clear');
  }
}
