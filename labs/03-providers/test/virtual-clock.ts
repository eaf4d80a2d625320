/**
 * One virtual timeline for sleeps and deadlines, so a whole day of traffic runs in milliseconds and
 * a deadline fires exactly when its time comes. `FakeClock` (testkit) returns sleeps at once and fires
 * deadlines only when a test says so; that is right for a scripted scenario, but a simulated provider
 * "takes" its latency by sleeping, and the per-attempt and overall deadlines must cut that sleep at
 * the right moment. Here a sleep moves time forward and fires, in order, every deadline that comes
 * due on the way; if one of them aborts the sleeper's own signal, the sleep ends there.
 *
 * It serves one flow of work at a time (the simulation sends requests one after another; a chain
 * makes one attempt at a time), which is what makes "due on the way" well defined.
 */
import type { Clock, Deadline } from '@workshop/kit';

interface Timer {
  due: number;
  order: number;
  controller: AbortController;
  ms: number;
}

export class VirtualClock implements Clock {
  #now = 0;
  #order = 0;
  readonly #pending = new Set<Timer>();

  now(): number {
    return this.#now;
  }

  deadline(ms: number): Deadline {
    const timer: Timer = { due: this.#now + ms, order: this.#order++, controller: new AbortController(), ms };
    this.#pending.add(timer);
    return { signal: timer.controller.signal, clear: () => this.#pending.delete(timer) };
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const until = this.#now + ms;
    for (let next = this.#earliest(until); next; next = this.#earliest(until)) {
      this.#fire(next);
      signal?.throwIfAborted();
    }
    this.#now = until;
  }

  /** Move time to `at` (the next request's arrival), firing what comes due on the way. */
  advanceTo(at: number): void {
    for (let next = this.#earliest(at); next; next = this.#earliest(at)) this.#fire(next);
    this.#now = Math.max(this.#now, at);
  }

  /**
   * Fire the earliest pending deadline, as if nothing else happened until then: what a request
   * that hangs (an emulator holding it) waits for. Returns false when none is pending.
   */
  fireNext(): boolean {
    const next = this.#earliest(Number.POSITIVE_INFINITY);
    if (next) this.#fire(next);
    return next !== undefined;
  }

  /** Deadlines started and neither cleared nor fired. */
  get pendingDeadlines(): number {
    return this.#pending.size;
  }

  #earliest(until: number): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of this.#pending) {
      if (timer.due > until) continue;
      if (!best || timer.due < best.due || (timer.due === best.due && timer.order < best.order)) best = timer;
    }
    return best;
  }

  #fire(timer: Timer): void {
    this.#pending.delete(timer);
    this.#now = Math.max(this.#now, timer.due);
    timer.controller.abort(new DOMException(`deadline of ${timer.ms} ms passed`, 'TimeoutError'));
  }
}
