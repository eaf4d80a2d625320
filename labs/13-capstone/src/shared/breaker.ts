/**
 * 03's circuit breaker with its state in the shared `StateStore`, so a provider that failed on one
 * process is refused on every other: the consecutive failures are one shared counter, and an open
 * circuit is one key whose value is when it closes (wall clock) and whose TTL is the cool-down.
 *
 * 03's chain asks the breaker synchronously (`tryAcquire()` before every attempt), and a store is
 * asynchronous. So the breaker works on a snapshot: `refresh()` reads the shared state once per
 * question, before the chain runs; outcomes update the snapshot at once and are written to the
 * store in the background (`settled()` waits for them). The one relaxation: in half-open, each
 * process may send its own trial call, so a cluster of N sends at most N trials, not one.
 *
 * If the store fails, the breaker keeps working on its local snapshot (one process's view): the
 * failure is counted by the metered store and shown by /readyz, and no call is refused or let
 * through because of it.
 */
import { type BreakerState, CircuitBreaker } from '@workshop-solutions/03-providers';
import type { StateStore } from '../state/store.ts';

/** Options of `SharedCircuitBreaker`. */
export interface SharedBreakerOptions {
  store: StateStore;
  /** The provider this breaker guards (part of the keys). */
  provider: string;
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit refuses calls, in ms. */
  cooldownMs: number;
  /** Wall clock in ms since the epoch (shared across machines, unlike `performance.now`). */
  now?: () => number;
}

/** How long a failure streak is remembered without a new failure, in ms. */
const STREAK_TTL_MS = 24 * 3_600_000;

export class SharedCircuitBreaker extends CircuitBreaker {
  readonly provider: string;
  readonly #store: StateStore;
  readonly #threshold: number;
  readonly #cooldownMs: number;
  readonly #now: () => number;
  readonly #failuresKey: string;
  readonly #openKey: string;
  readonly #writes = new Set<Promise<unknown>>();
  #failures = 0;
  /** Wall-clock time the open circuit turns half-open; 0 while closed. */
  #openUntil = 0;
  #trialInFlight = false;

  constructor(options: SharedBreakerOptions) {
    super({ failureThreshold: options.failureThreshold, cooldownMs: options.cooldownMs });
    this.provider = options.provider;
    this.#store = options.store;
    this.#threshold = options.failureThreshold;
    this.#cooldownMs = options.cooldownMs;
    this.#now = options.now ?? Date.now;
    this.#failuresKey = `breaker:${options.provider}:failures`;
    this.#openKey = `breaker:${options.provider}:open`;
  }

  override get state(): BreakerState {
    if (this.#now() < this.#openUntil) return 'open';
    return this.#failures >= this.#threshold ? 'half-open' : 'closed';
  }

  override get consecutiveFailures(): number {
    return this.#failures;
  }

  /** Read the shared state into the snapshot. A store failure keeps the local snapshot. */
  async refresh(): Promise<void> {
    try {
      const [failures, openUntil] = await Promise.all([
        this.#store.get(this.#failuresKey),
        this.#store.get(this.#openKey),
      ]);
      this.#failures = Number(failures ?? 0);
      this.#openUntil = Number(openUntil ?? 0);
    } catch {
      // Counted by the metered store; the local view still protects this process.
    }
  }

  /** Resolves when every outcome recorded so far has reached the store (or failed to). */
  async settled(): Promise<void> {
    await Promise.all([...this.#writes]);
  }

  override tryAcquire(): boolean {
    switch (this.state) {
      case 'closed':
        return true;
      case 'open':
        return false;
      case 'half-open':
        if (this.#trialInFlight) return false;
        this.#trialInFlight = true;
        return true;
    }
  }

  override recordSuccess(): void {
    // Nothing to reset when the snapshot (fresh from this question's refresh) shows no streak.
    const changed = this.#failures > 0 || this.#openUntil > 0;
    this.#failures = 0;
    this.#openUntil = 0;
    this.#trialInFlight = false;
    if (!changed) return;
    this.#write(async () => {
      await Promise.all([this.#store.delete(this.#failuresKey), this.#store.delete(this.#openKey)]);
    });
  }

  override recordFailure(): void {
    const wasTrial = this.#trialInFlight;
    this.#trialInFlight = false;
    this.#failures += 1;
    if (wasTrial || this.#failures >= this.#threshold) this.#openUntil = this.#now() + this.#cooldownMs;
    this.#write(async () => {
      const counted = await this.#store.increment(this.#failuresKey, 1, STREAK_TTL_MS);
      // Other processes' failures count too: the shared streak decides.
      this.#failures = Math.max(this.#failures, counted.value);
      if (wasTrial || counted.value >= this.#threshold) {
        const until = this.#now() + this.#cooldownMs;
        this.#openUntil = Math.max(this.#openUntil, until);
        await this.#store.set(this.#openKey, String(until), this.#cooldownMs);
      }
    });
  }

  override recordNeutral(): void {
    this.#trialInFlight = false;
  }

  #write(work: () => Promise<void>): void {
    const pending: Promise<void> = work()
      .catch(() => {
        // Counted by the metered store; the snapshot already holds the outcome.
      })
      .finally(() => this.#writes.delete(pending));
    this.#writes.add(pending);
  }
}
