/**
 * Exact-match response cache for chat calls: TTL, a size cap with LRU eviction, and a
 * hit-rate metric. Only deterministic requests (temperature 0) are cached unless the caller
 * opts in: replaying one sampled answer to everyone changes what a temperature > 0 means.
 */
import type { ChatModel, ChatRequest, ChatResponse } from '@workshop/llm';
import { requestCacheKey } from './cache-key.ts';
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

/** A stored answer and when it stops being fresh. */
interface Entry {
  response: ChatResponse;
  expiresAt: number;
}

/** Answers that may be replayed: complete ones. A truncated or filtered answer is not. */
const CACHEABLE_FINISH = new Set(['stop', 'tool_calls']);

/** An in-process exact-match cache in front of any `ChatModel`. */
export class ResponseCache {
  readonly #options: Required<Omit<ResponseCacheOptions, 'now'>>;
  readonly #now: Clock;
  /** A Map iterates in insertion order, so re-inserting on use makes its first key the LRU. */
  readonly #entries = new Map<string, Entry>();
  #hits = 0;
  #misses = 0;
  #bypassed = 0;
  #evictions = 0;
  #tokensSaved = 0;

  constructor(options: ResponseCacheOptions) {
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1) {
      throw new RangeError(`ResponseCache: maxEntries must be a positive integer, got ${options.maxEntries}`);
    }
    if (!Number.isFinite(options.ttlMs) || options.ttlMs <= 0) {
      throw new RangeError(`ResponseCache: ttlMs must be a positive number, got ${options.ttlMs}`);
    }
    this.#options = {
      maxEntries: options.maxEntries,
      ttlMs: options.ttlMs,
      cacheNonZeroTemperature: options.cacheNonZeroTemperature ?? false,
    };
    this.#now = options.now ?? systemClock;
  }

  /**
   * Answer `request` from the cache, or call `model` and keep the answer. A hit returns the
   * stored response with zero usage and cost (nothing was spent) and the lookup's latency.
   */
  async generate(model: ChatModel, request: ChatRequest, options: CachedCallOptions = {}): Promise<ChatResponse> {
    if (!this.#cacheable(request)) {
      this.#bypassed += 1;
      return model.generate(request);
    }
    const started = performance.now();
    const key = requestCacheKey(model.modelId, request, options.scope);
    const entry = this.#lookup(key);
    if (entry) {
      this.#hits += 1;
      this.#tokensSaved += entry.response.usage.totalTokens;
      const latencyMs = performance.now() - started;
      return {
        ...entry.response,
        usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
        cost: { inputUsd: 0, outputUsd: 0, totalUsd: 0, priced: entry.response.cost.priced },
        latencyMs,
        timeToFirstTokenMs: latencyMs,
      };
    }
    this.#misses += 1;
    const response = await model.generate(request);
    if (CACHEABLE_FINISH.has(response.finishReason)) this.#store(key, response);
    return response;
  }

  /** Counters and the hit rate so far. */
  stats(): CacheStats {
    const lookups = this.#hits + this.#misses;
    return {
      hits: this.#hits,
      misses: this.#misses,
      bypassed: this.#bypassed,
      hitRate: lookups === 0 ? 0 : this.#hits / lookups,
      size: this.#entries.size,
      evictions: this.#evictions,
      tokensSaved: this.#tokensSaved,
    };
  }

  /** Forget every entry (e.g. after the prompt or the data behind the answers changed). */
  clear(): void {
    this.#entries.clear();
  }

  #cacheable(request: ChatRequest): boolean {
    return this.#options.cacheNonZeroTemperature || request.temperature === 0;
  }

  #lookup(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (entry.expiresAt <= this.#now()) return undefined;
    this.#entries.set(key, entry);
    return entry;
  }

  #store(key: string, response: ChatResponse): void {
    this.#entries.delete(key);
    this.#entries.set(key, { response, expiresAt: this.#now() + this.#options.ttlMs });
    while (this.#entries.size > this.#options.maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
      this.#evictions += 1;
    }
  }
}
