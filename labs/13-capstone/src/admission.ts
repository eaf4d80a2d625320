/**
 * Admission control: at most `maxConcurrent` questions are answered at once, at most `maxQueue`
 * wait for a slot, and everything beyond is shed at once with 429 and a Retry-After estimate.
 * Shedding early keeps latency bounded for the requests we do take: an unbounded queue turns an
 * overload into timeouts for everyone.
 */
import { OverloadedError } from './errors.ts';

/** Options of `AdmissionQueue`. */
export interface AdmissionOptions {
  /** Questions answered at the same time. */
  maxConcurrent: number;
  /** Questions allowed to wait; 0 = no queue. */
  maxQueue: number;
  /** Longest wait for a slot before the question is shed, in ms. */
  maxWaitMs: number;
  /** Called each time a question is shed (a metric). */
  onShed?: () => void;
  /** Clock in ms, for the service-time estimate behind Retry-After. */
  now?: () => number;
}

/** Returned by `acquire`: call it exactly once when the question is done (extra calls are ignored). */
export type Release = () => void;

/** A bounded FIFO queue in front of the ask pipeline. */
export class AdmissionQueue {
  readonly #options: AdmissionOptions;
  /** Resolvers of the questions waiting for a slot, oldest first. */
  readonly #waiters: (() => void)[] = [];
  #active = 0;

  constructor(options: AdmissionOptions) {
    this.#options = options;
  }

  /** Questions holding a slot. */
  get active(): number {
    return this.#active;
  }

  /** Questions waiting for a slot. */
  get waiting(): number {
    return this.#waiters.length;
  }

  /**
   * Take a slot, waiting in line if all are busy. Rejects with `OverloadedError` (429) when the
   * line is full or the wait exceeds `maxWaitMs`, and with the signal's reason when the client
   * gives up while waiting (its place is freed).
   */
  async acquire(signal?: AbortSignal): Promise<Release> {
    // TODO(DoD-10): implement the bounded queue.
    //  - A free slot (`this.#active < maxConcurrent`): `this.#active += 1` and return a release
    //    function that runs once: `this.#active -= 1`, then hands the slot to the oldest waiter
    //    (`this.#waiters.shift()?.()`).
    //  - No slot and the line is full (`this.#waiters.length >= maxQueue`): call `onShed()` and throw
    //    `new OverloadedError(message, this.retryAfterSeconds())`.
    //  - Otherwise wait: push a resolver into `this.#waiters` that takes the slot when called; remove
    //    it again (and reject) when `maxWaitMs` passes (call `onShed()`, OverloadedError) or `signal`
    //    aborts (reject with `signal.reason`).
    void signal;
    void this.#options;
    void OverloadedError;
    throw new Error('TODO: AdmissionQueue.acquire — take a slot, queue up to maxQueue, shed the rest with 429');
  }

  /** Seconds until a slot is likely free: the queue ahead of a new request times the mean service time. */
  retryAfterSeconds(): number {
    // TODO(DoD-10): estimate the wait (e.g. (waiting + 1) × mean seconds per question / maxConcurrent),
    // rounded up and clamped to 1–60 seconds. A constant is a poor estimate under real load.
    throw new Error('TODO: AdmissionQueue.retryAfterSeconds — estimate when a slot will be free');
  }

  /** Resolves when no question is in progress or waiting (for graceful shutdown). */
  idle(): Promise<void> {
    // TODO(DoD-10): resolve at once when nothing is active or waiting; otherwise when the last release happens.
    throw new Error('TODO: AdmissionQueue.idle — resolve when nothing is active or waiting');
  }
}
