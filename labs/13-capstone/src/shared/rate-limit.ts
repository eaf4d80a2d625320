/**
 * Requests per user per minute, counted in the shared `StateStore` (a fixed window: one counter
 * per user and minute, created with the window's TTL). The token budget bounds what a user spends;
 * this bounds how fast, so one client cannot take every admission slot. A refused request is not
 * counted, and Retry-After says when the window ends.
 */
import { HttpError } from '../errors.ts';
import type { StateStore } from '../state/store.ts';

/** Options of `RateLimiter`. */
export interface RateLimiterOptions {
  store: StateStore;
  /** Requests one user may make per window. */
  limit: number;
  /** The window, in ms. Default one minute. */
  windowMs?: number;
  /** Wall clock in ms since the epoch. */
  now: () => number;
}

export class RateLimiter {
  readonly #store: StateStore;
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #now: () => number;

  constructor(options: RateLimiterOptions) {
    this.#store = options.store;
    this.#limit = options.limit;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#now = options.now;
  }

  /** Count one request of `userId`; throws a 429 `rate_limited` with Retry-After when over the limit. */
  async take(userId: string): Promise<void> {
    const window = Math.floor(this.#now() / this.#windowMs);
    const counted = await this.#store.increment(`rate:${window}:${userId}`, 1, this.#windowMs, this.#limit);
    if (counted.ok) return;
    const seconds = Math.max(1, Math.ceil(counted.ttlMs / 1000));
    throw new HttpError(
      429,
      'rate_limited',
      `at most ${this.#limit} requests per ${this.#windowMs / 1000} s; retry in ${seconds} s`,
      { 'retry-after': String(seconds) },
    );
  }
}
