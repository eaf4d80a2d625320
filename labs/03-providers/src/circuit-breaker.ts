import { type Clock, systemClock } from './clock.ts';

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
  // TODO: keep the state you need, for example:
  //   #consecutiveFailures = 0;                  reset by a success
  //   #openedAt: number | undefined;             clock.now() when the circuit (re)opened; undefined while closed
  //   #trialInFlight = false;                    whether the single half-open trial call is running

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
    // TODO: 'closed' while never opened (or closed again); otherwise 'half-open' once
    // this.#clock.now() - openedAt >= this.#cooldownMs, else 'open'. Derive it from the clock
    // on every read: nothing has to "tick" for the circuit to become half-open.
    throw new Error(
      `TODO: CircuitBreaker.state (threshold ${this.#failureThreshold}, cool-down ${this.#cooldownMs} ms, now ${this.#clock.now()})`,
    );
  }

  /** Consecutive failures counted so far (reset by a success). */
  get consecutiveFailures(): number {
    // TODO: return the consecutive-failure counter.
    throw new Error('TODO: CircuitBreaker.consecutiveFailures');
  }

  /**
   * Ask to make one call. `true`: go ahead, and report the outcome with `recordSuccess` or
   * `recordFailure`. `false`: the circuit is open (or a half-open trial is already running);
   * do not call the provider.
   */
  tryAcquire(): boolean {
    // TODO: closed → true. open → false. half-open → true for ONE trial at a time: set a
    // "trial in flight" flag and answer false to everyone else until that trial reports back.
    throw new Error('TODO: CircuitBreaker.tryAcquire');
  }

  /** The call succeeded: close the circuit and forget past failures. */
  recordSuccess(): void {
    // TODO: reset the failure counter, forget when it opened (→ closed), clear the trial flag.
    throw new Error('TODO: CircuitBreaker.recordSuccess');
  }

  /** The call failed in a way that says the provider is unhealthy. */
  recordFailure(): void {
    // TODO: count the failure and clear the trial flag. Open (openedAt = clock.now()) when the
    // count reaches failureThreshold OR when this was the half-open trial (still down: a fresh cool-down).
    throw new Error('TODO: CircuitBreaker.recordFailure');
  }

  /**
   * The call ended without saying anything about the provider's health (the caller aborted,
   * the request was invalid): release a half-open trial slot without changing the state.
   */
  recordNeutral(): void {
    // TODO: clear the trial flag only.
    throw new Error('TODO: CircuitBreaker.recordNeutral');
  }
}
