import type { Clock, Deadline } from '@lab/clock.ts';

/**
 * A clock for tests: nothing really waits. Time moves only when a test (or a test's tool)
 * calls `advance`, and every deadline whose time has come fires right then. That keeps
 * timeout tests exact, fast and free of timing assertions.
 */
export class FakeClock implements Clock {
  #now: number;
  /** Every deadline started, in ms, in order. */
  readonly deadlines: number[] = [];
  readonly #pending = new Map<AbortController, number>();

  constructor(start = Date.UTC(2025, 0, 15, 9, 0, 0)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Move time forward and fire the deadlines that passed. */
  advance(ms: number): void {
    this.#now += ms;
    for (const [controller, dueAt] of [...this.#pending]) {
      if (dueAt <= this.#now) {
        this.#pending.delete(controller);
        controller.abort(new DOMException('deadline passed', 'TimeoutError'));
      }
    }
  }

  deadline(ms: number): Deadline {
    const controller = new AbortController();
    this.deadlines.push(ms);
    this.#pending.set(controller, this.#now + ms);
    return { signal: controller.signal, clear: () => this.#pending.delete(controller) };
  }

  /** Deadlines neither cleared nor expired: timers a real clock would leak. */
  get pendingDeadlines(): number {
    return this.#pending.size;
  }
}
