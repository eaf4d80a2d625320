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
  if (!Number.isInteger(retry) || retry < 1) {
    throw new RangeError(`retry must be an integer >= 1, got ${retry}`);
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0);
}
