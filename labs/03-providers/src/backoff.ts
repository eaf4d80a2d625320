/** How long to wait between attempts. */
export interface BackoffPolicy {
  /** Delay ceiling of the first retry, in ms; doubles with every further retry. */
  baseDelayMs: number;
  /** Cap on the exponential part, in ms, so a long outage does not mean minute-long sleeps. */
  maxDelayMs: number;
}

/**
 * The wait before retry number `retry` (1 = the first retry), with exponential backoff and
 * FULL jitter: a uniform draw from `[0, min(maxDelayMs, baseDelayMs · 2^(retry-1)))`.
 *
 * Why full jitter: when a provider hiccups, every client fails at the same moment; fixed or
 * purely exponential delays make them all come back at the same moment too (a retry storm).
 * Spreading each wait over the whole window de-synchronises them.
 *
 * `retryAfterMs` is the server's explicit request (from a 429's Retry-After header): never
 * come back earlier than that, whatever the jitter drew. The cap does not shorten it.
 *
 * `random` returns a number in [0, 1), like `Math.random`; inject it to make tests exact.
 */
export function backoffDelay(
  retry: number,
  policy: BackoffPolicy,
  random: () => number,
  retryAfterMs?: number,
): number {
  // TODO: reject a `retry` that is not an integer >= 1 with a RangeError naming the value.
  // TODO: ceiling = min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1)).
  // TODO: jittered = Math.floor(random() * ceiling)   (full jitter: anywhere in [0, ceiling)).
  // TODO: return the larger of `jittered` and `retryAfterMs` (treat undefined as 0).
  throw new Error(
    `TODO: backoffDelay(retry ${retry}, base ${policy.baseDelayMs} ms, cap ${policy.maxDelayMs} ms, ${typeof random} random, retryAfterMs ${retryAfterMs}) — exponential backoff with full jitter`,
  );
}
