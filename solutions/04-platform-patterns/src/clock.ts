/**
 * Time, injected. Caches expire, daily budgets roll over and batches wait — all of it is
 * driven through these two functions so tests (and replays) never sleep or race a real clock.
 */

/** Milliseconds since the Unix epoch, like `Date.now()`. */
export type Clock = () => number;

/** The real clock. */
export const systemClock: Clock = () => Date.now();

/** Runs `callback` after `delayMs`; returns a function that cancels it. */
export type Scheduler = (callback: () => void, delayMs: number) => () => void;

/** The real scheduler, on `setTimeout`. */
export const timerScheduler: Scheduler = (callback, delayMs) => {
  const handle = setTimeout(callback, delayMs);
  return () => clearTimeout(handle);
};
