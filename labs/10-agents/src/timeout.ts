import type { Clock } from '@workshop/kit';

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
  const deadline = clock.deadline(timeoutMs);
  let onAbort: (() => void) | undefined;
  try {
    const expired = new Promise<never>((_, reject) => {
      onAbort = () => reject(new ToolTimeoutError(timeoutMs));
      if (deadline.signal.aborted) onAbort();
      else deadline.signal.addEventListener('abort', onAbort, { once: true });
    });
    // Start the work only once the deadline is armed, so a synchronous overrun is caught too.
    return await Promise.race([expired, Promise.resolve().then(() => work(deadline.signal))]);
  } finally {
    if (onAbort) deadline.signal.removeEventListener('abort', onAbort);
    deadline.clear();
  }
}
