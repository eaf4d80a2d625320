import type { Clock, Deadline } from '@workshop/kit';

/**
 * A clock for tests: nothing really waits. `sleep` returns at once and records how long it was
 * asked to wait; deadlines never fire by themselves, the test expires them when it wants to.
 * That keeps backoff and timeout tests exact, fast and free of timing assertions.
 */
export class FakeClock implements Clock {
  #now = 0;
  /** Every `sleep` asked for, in ms, in order. */
  readonly sleeps: number[] = [];
  /** Every deadline started, in ms, in order. */
  readonly deadlines: number[] = [];
  readonly #pending = new Map<AbortController, number>();

  now(): number {
    return this.#now;
  }

  /** Move time forward (e.g. past a breaker's cool-down). */
  advance(ms: number): void {
    this.#now += ms;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    this.#now += ms;
  }

  deadline(ms: number): Deadline {
    const controller = new AbortController();
    this.deadlines.push(ms);
    this.#pending.set(controller, ms);
    return { signal: controller.signal, clear: () => this.#pending.delete(controller) };
  }

  /** Deadlines started and neither cleared nor expired: timers a real clock would leak. */
  get pendingDeadlines(): number {
    return this.#pending.size;
  }

  /** Let every pending deadline pass, as if its time had run out. Returns how many fired. */
  expireDeadlines(): number {
    const pending = [...this.#pending];
    this.#pending.clear();
    for (const [controller, ms] of pending) {
      this.#now += ms;
      controller.abort(new DOMException(`deadline of ${ms} ms passed`, 'TimeoutError'));
    }
    return pending.length;
  }
}

/** A `random()` that returns these values in order, then repeats the last one. */
export function sequence(...values: number[]): () => number {
  let index = 0;
  return () => {
    const value = values[Math.min(index, values.length - 1)];
    index += 1;
    if (value === undefined) throw new Error('sequence() needs at least one value');
    return value;
  };
}
