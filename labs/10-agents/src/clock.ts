/**
 * Time, injected. An agent run is full of limits measured in time (a wall-clock budget, a
 * timeout per tool, timestamps in the audit log); taking the clock as a parameter lets tests
 * run those paths instantly and exactly instead of waiting for real.
 */

/** A timer that aborts a signal when it expires. */
export interface Deadline {
  /** Aborted (with a `TimeoutError` DOMException) when the deadline passes. */
  readonly signal: AbortSignal;
  /** Cancel the timer; call it as soon as the guarded work settles so no timer leaks. */
  clear(): void;
}

/** The two time operations the agent needs. */
export interface Clock {
  /** Milliseconds since the Unix epoch (audit timestamps are derived from it). */
  now(): number;
  /** Start a timer whose signal aborts after `ms`. */
  deadline(ms: number): Deadline;
}

/** The real clock: `Date.now()` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  deadline(ms) {
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new DOMException(`deadline of ${ms} ms passed`, 'TimeoutError')),
      ms,
    );
    return { signal: controller.signal, clear: () => clearTimeout(timer) };
  },
};
