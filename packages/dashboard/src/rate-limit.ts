/** How often one participant may submit. */
export interface RateLimit {
  /** Submissions accepted back to back (a backlog flushed after the dashboard was down). */
  burst: number;
  /** Then this many per minute, steadily. */
  perMinute: number;
}

/**
 * Watch mode submits after each re-check, so a busy participant sends a few per minute and a
 * returning laptop flushes its queue. 20 at once and 20 a minute leaves room for both and stops a
 * loop that posts as fast as it can (the issue measured 3,080 submissions in 10 s).
 */
export const DEFAULT_RATE_LIMIT: RateLimit = { burst: 20, perMinute: 20 };

/** Beyond this many remembered participants, forget the ones that have been quiet long enough to be full. */
const MAX_BUCKETS = 10_000;

/** A token bucket per participant key, in memory (a restart forgets it, which only ever lets more through). */
export class RateLimiter {
  readonly #limit: RateLimit;
  readonly #now: () => number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(limit: RateLimit = DEFAULT_RATE_LIMIT, now: () => number = Date.now) {
    if (!(limit.burst >= 1 && limit.perMinute > 0)) throw new Error('rate limit: burst must be ≥ 1 and perMinute > 0');
    this.#limit = limit;
    this.#now = now;
  }

  /** Takes one submission from `key`'s allowance: 0 when allowed, else the whole seconds to wait. */
  take(key: string): number {
    const now = this.#now();
    const perMs = this.#limit.perMinute / 60_000;
    const bucket = this.#buckets.get(key) ?? { tokens: this.#limit.burst, at: now };
    bucket.tokens = Math.min(this.#limit.burst, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    if (!this.#buckets.has(key)) {
      if (this.#buckets.size >= MAX_BUCKETS) this.#forgetFull(now, perMs);
      this.#buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
  }

  /** A full bucket behaves exactly like a new one, so forgetting it changes nothing. */
  #forgetFull(now: number, perMs: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.at) * perMs >= this.#limit.burst) this.#buckets.delete(key);
    }
    // Still full of active keys (someone minting keys): drop the oldest; they can only gain a burst.
    for (const key of this.#buckets.keys()) {
      if (this.#buckets.size < MAX_BUCKETS) break;
      this.#buckets.delete(key);
    }
  }

  get size(): number {
    return this.#buckets.size;
  }
}
