/**
 * 04's exact-match response cache, kept in the shared `StateStore` so every process answers a
 * repeated question from one cache. Same key (04's `requestCacheKey`), same rules: only
 * deterministic requests (temperature 0) and complete answers are kept; a hit costs nothing.
 * The cache is an optimisation, so a store failure is a miss (counted by the metered store),
 * never an error the user sees.
 */
import type { ChatModel, ChatRequest, ChatResponse } from '@workshop/llm';
import { requestCacheKey } from '@workshop-solutions/04-platform-patterns/cache-key.ts';
import type { StateStore } from '../state/store.ts';

/** Options of `SharedResponseCache`. */
export interface SharedResponseCacheOptions {
  store: StateStore;
  /** How long an answer stays fresh, in ms. */
  ttlMs: number;
}

/** Answers that may be replayed: complete ones. A truncated or filtered answer is not. */
const CACHEABLE_FINISH = new Set(['stop', 'tool_calls']);

export class SharedResponseCache {
  readonly #store: StateStore;
  readonly #ttlMs: number;

  constructor(options: SharedResponseCacheOptions) {
    this.#store = options.store;
    this.#ttlMs = options.ttlMs;
  }

  /** Answer `request` from the cache, or call `model` and keep a complete answer. */
  async generate(model: ChatModel, request: ChatRequest, scope = ''): Promise<ChatResponse> {
    if (request.temperature !== 0) return model.generate(request);
    const started = performance.now();
    const key = `cache:${requestCacheKey(model.modelId, request, scope)}`;
    const stored = await this.#store.get(key).catch(() => undefined);
    if (stored !== undefined) {
      const response = JSON.parse(stored) as ChatResponse;
      const latencyMs = performance.now() - started;
      return {
        ...response,
        usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
        cost: { inputUsd: 0, outputUsd: 0, totalUsd: 0, priced: response.cost.priced },
        latencyMs,
        timeToFirstTokenMs: latencyMs,
      };
    }
    const response = await model.generate(request);
    // Stored in the background: the answer does not wait for the cache.
    if (CACHEABLE_FINISH.has(response.finishReason)) {
      this.#store.set(key, JSON.stringify(response), this.#ttlMs).catch(() => false);
    }
    return response;
  }
}
