import { type Clock, systemClock } from '@workshop/kit';

/** `closed`: calls flow. `open`: calls are refused without touching the provider. `half-open`: one trial call may go through. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** When to open and when to try again. */
export interface BreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before a trial call is allowed, in ms. */
  cooldownMs: number;
  /** Time source; inject a fake one in tests. */
  clock?: Clock;
}

/** Defaults sized for a chat API: a few bad calls in a row is an outage, half a minute to recover. */
export const DEFAULT_BREAKER_OPTIONS: Required<Omit<BreakerOptions, 'clock'>> = {
  failureThreshold: 5,
  cooldownMs: 30_000,
};

/**
 * A circuit breaker for one provider. It stops us from hammering a provider that is down
 * (which slows its recovery and burns our latency budget on calls that will fail), and lets a
 * fallback take over at once instead of after a full round of timeouts and retries.
 *
 * closed --N consecutive failures--> open --cool-down elapsed--> half-open
 * half-open --trial succeeds--> closed;  half-open --trial fails--> open (a new cool-down)
 */
export class CircuitBreaker {
  readonly #failureThreshold: number;
  readonly #cooldownMs: number;
  readonly #clock: Clock;
  #consecutiveFailures = 0;
  /** When the circuit last opened; undefined while closed. */
  #openedAt: number | undefined;
  /** Whether the one half-open trial call is in flight. */
  #trialInFlight = false;

  constructor(options: Partial<BreakerOptions> = {}) {
    const failureThreshold = options.failureThreshold ?? DEFAULT_BREAKER_OPTIONS.failureThreshold;
    const cooldownMs = options.cooldownMs ?? DEFAULT_BREAKER_OPTIONS.cooldownMs;
    if (!Number.isInteger(failureThreshold) || failureThreshold < 1) {
      throw new RangeError(`failureThreshold must be an integer >= 1, got ${failureThreshold}`);
    }
    if (!(cooldownMs >= 0)) throw new RangeError(`cooldownMs must be >= 0, got ${cooldownMs}`);
    this.#failureThreshold = failureThreshold;
    this.#cooldownMs = cooldownMs;
    this.#clock = options.clock ?? systemClock;
  }

  /** The current state; an open circuit turns half-open by itself once the cool-down has passed. */
  get state(): BreakerState {
    if (this.#openedAt === undefined) return 'closed';
    return this.#clock.now() - this.#openedAt >= this.#cooldownMs ? 'half-open' : 'open';
  }

  /** Consecutive failures counted so far (reset by a success). */
  get consecutiveFailures(): number {
    return this.#consecutiveFailures;
  }

  /**
   * Ask to make one call. `true`: go ahead, and report the outcome with `recordSuccess` or
   * `recordFailure`. `false`: the circuit is open (or a half-open trial is already running);
   * do not call the provider.
   */
  tryAcquire(): boolean {
    switch (this.state) {
      case 'closed':
        return true;
      case 'open':
        return false;
      case 'half-open':
        // Only one trial: a recovering provider should not get the whole backlog at once.
        if (this.#trialInFlight) return false;
        this.#trialInFlight = true;
        return true;
    }
  }

  /** The call succeeded: close the circuit and forget past failures. */
  recordSuccess(): void {
    this.#consecutiveFailures = 0;
    this.#openedAt = undefined;
    this.#trialInFlight = false;
  }

  /** The call failed in a way that says the provider is unhealthy. */
  recordFailure(): void {
    this.#consecutiveFailures += 1;
    const wasTrial = this.#trialInFlight;
    this.#trialInFlight = false;
    if (wasTrial || this.#consecutiveFailures >= this.#failureThreshold) {
      // (Re)open with a fresh cool-down: a failed trial means the provider is still down.
      this.#openedAt = this.#clock.now();
    }
  }

  /**
   * The call ended without saying anything about the provider's health (the caller aborted,
   * the request was invalid): release a half-open trial slot without changing the state.
   */
  recordNeutral(): void {
    this.#trialInFlight = false;
  }
}
