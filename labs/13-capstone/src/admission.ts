/**
 * Admission control: at most `maxConcurrent` questions are answered at once, at most `maxQueue`
 * wait for a slot, and everything beyond is shed at once with 429 and a Retry-After estimate.
 * Shedding early keeps latency bounded for the requests we do take: an unbounded queue turns an
 * overload into timeouts for everyone.
 *
 * Retry-After comes from measured service times, never from a guess: the smoothed time of the
 * questions that finished, or — when the ones in progress have already run longer (a slow-down,
 * or the first overload, before any finished) — the age of the oldest one in progress.
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

/** A question waiting for a slot. */
interface Waiter {
  grant: () => void;
}

/** Returned by `acquire`: call it exactly once when the question is done (extra calls are ignored). */
export type Release = () => void;

/** Smoothing of the service-time average behind Retry-After. */
const EWMA_WEIGHT = 0.2;

/** A bounded FIFO queue in front of the ask pipeline. */
export class AdmissionQueue {
  readonly #options: AdmissionOptions;
  readonly #waiters: Waiter[] = [];
  readonly #now: () => number;
  readonly #idle: (() => void)[] = [];
  #active = 0;
  /** Smoothed time one question held a slot, in ms; undefined until one finished. */
  #serviceMs: number | undefined;
  /** When each question in progress took its slot. */
  readonly #startedAt = new Set<{ at: number }>();

  constructor(options: AdmissionOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
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
    if (this.#active < this.#options.maxConcurrent) return this.#grant();
    if (this.#waiters.length >= this.#options.maxQueue) {
      this.#options.onShed?.();
      throw new OverloadedError(
        `overloaded: ${this.#active} questions in progress and ${this.#waiters.length} waiting; retry later`,
        this.retryAfterSeconds(),
      );
    }
    return new Promise<Release>((resolve, reject) => {
      const timer = setTimeout(() => {
        leave();
        this.#options.onShed?.();
        reject(
          new OverloadedError(
            `overloaded: no slot within ${this.#options.maxWaitMs} ms; retry later`,
            this.retryAfterSeconds(),
          ),
        );
      }, this.#options.maxWaitMs);
      const onAbort = () => {
        leave();
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve(this.#grant());
        },
      };
      const leave = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const index = this.#waiters.indexOf(waiter);
        if (index >= 0) this.#waiters.splice(index, 1);
        this.#notifyIdle();
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  /** Seconds until a slot is likely free: the queue ahead of a new request times the measured service time. */
  retryAfterSeconds(): number {
    const ahead = this.#waiters.length + 1;
    const now = this.#now();
    let oldest = 0;
    for (const { at } of this.#startedAt) oldest = Math.max(oldest, now - at);
    const serviceMs = Math.max(this.#serviceMs ?? 0, oldest);
    const seconds = Math.ceil((ahead * serviceMs) / this.#options.maxConcurrent / 1000);
    return Math.min(60, Math.max(1, seconds));
  }

  /** Resolves when no question is in progress or waiting (for graceful shutdown). */
  idle(): Promise<void> {
    if (this.#active === 0 && this.#waiters.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #grant(): Release {
    this.#active += 1;
    const started = { at: this.#now() };
    this.#startedAt.add(started);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#active -= 1;
      this.#startedAt.delete(started);
      const took = this.#now() - started.at;
      this.#serviceMs = this.#serviceMs === undefined ? took : this.#serviceMs + EWMA_WEIGHT * (took - this.#serviceMs);
      // Hand the slot to the longest waiter (FIFO is fair and keeps the wait bounded).
      this.#waiters.shift()?.grant();
      this.#notifyIdle();
    };
  }

  #notifyIdle(): void {
    if (this.#active !== 0 || this.#waiters.length !== 0) return;
    for (const resolve of this.#idle.splice(0)) resolve();
  }
}
