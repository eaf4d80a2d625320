/**
 * Time, injected. Code that waits (backoff, deadlines, cool-downs, TTLs) takes a `Clock`, so tests
 * move time with `FakeClock` from `@workshop/testkit` instead of sleeping for real.
 */

/** A timer that aborts a signal when it expires. */
export interface Deadline {
  /** Aborted (with a `TimeoutError` DOMException) when the deadline passes. */
  readonly signal: AbortSignal;
  /** Cancel the timer; call it as soon as the guarded work settles so no timer leaks. */
  clear(): void;
}

/** The three time operations resilient code needs. */
export interface Clock {
  /** Milliseconds since some fixed origin; only differences matter. */
  now(): number;
  /** Resolve after `ms`; reject with the signal's reason if it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Start a timer whose signal aborts after `ms`. */
  deadline(ms: number): Deadline;
}

/** The real clock: `performance.now()` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => performance.now(),
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
  deadline(ms) {
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new DOMException(`deadline of ${ms} ms passed`, 'TimeoutError')),
      ms,
    );
    return { signal: controller.signal, clear: () => clearTimeout(timer) };
  },
};
