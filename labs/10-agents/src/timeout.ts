import type { Clock } from './clock.ts';

/** A tool call that did not finish within its timeout. */
export class ToolTimeoutError extends Error {
  override readonly name = 'ToolTimeoutError';
  /** The timeout that passed, in ms. */
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Run `work` with a deadline. The work gets the deadline's signal (to stop early), but the
 * result does not depend on it listening: when the deadline passes first, this rejects with
 * `ToolTimeoutError` at once, even if the work never settles. The timer is always cleared.
 */
export async function runWithTimeout<T>(
  work: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  clock: Clock,
): Promise<T> {
  // TODO: race the work against a deadline from the injected clock:
  //   1. `const deadline = clock.deadline(timeoutMs)`.
  //   2. A promise that rejects with `new ToolTimeoutError(timeoutMs)` when `deadline.signal` aborts
  //      (check `signal.aborted` first, then `addEventListener('abort', …, { once: true })`).
  //   3. Start the work AFTER that listener is in place: `Promise.resolve().then(() => work(deadline.signal))`
  //      (a tool may use up its time synchronously), and `return await Promise.race([expired, started])`.
  //   4. In `finally`: remove the listener and `deadline.clear()`, so no timer outlives the call.
  // Do not rely on the work honouring the signal: a hung backend never settles, and the race must still end.
  throw new Error(`TODO: runWithTimeout in src/timeout.ts (${timeoutMs} ms on ${typeof work} with ${typeof clock})`);
}
