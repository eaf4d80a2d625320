/**
 * Adoption signals: who uses the service, and who comes back. A user is whoever the identity
 * layer says (an API key's owner, or a signed session); nothing else about them is stored. The
 * counts live in the shared `StateStore`, so every process reports the same users.
 */
import type { StateStore } from './state/store.ts';

const DAY_MS = 86_400_000;

/** Options of `UserActivity`. */
export interface UserActivityOptions {
  /** Where the counts live (shared by every process). */
  store: StateStore;
  /** Clock in ms since the epoch; injected so tests can move to another day. */
  now: () => number;
  /** A user is active when seen within this window, in ms. */
  activeWindowMs: number;
  /** Users not seen for this long are forgotten (bounded memory), in ms. Default 30 days. */
  retentionMs?: number;
}

/**
 * Two sorted sets scored by the time of the user's latest request: every user (`active`), and the
 * users whose latest request came on a later UTC day than their first (`returning`). Counting
 * either within the window is one range count; entries older than the retention are trimmed then.
 */
export class UserActivity {
  readonly #store: StateStore;
  readonly #now: () => number;
  readonly #activeWindowMs: number;
  readonly #retentionMs: number;

  constructor(options: UserActivityOptions) {
    this.#store = options.store;
    this.#now = options.now;
    this.#activeWindowMs = options.activeWindowMs;
    this.#retentionMs = options.retentionMs ?? 30 * DAY_MS;
  }

  /** Record a request of `userId`. */
  async seen(userId: string): Promise<void> {
    const now = this.#now();
    const today = Math.floor(now / DAY_MS);
    const firstKey = `users:first:${userId}`;
    const first = (await this.#store.set(firstKey, String(today), this.#retentionMs, true))
      ? today
      : Number((await this.#store.get(firstKey)) ?? today);
    await this.#store.mark('users:active', userId, now, this.#retentionMs);
    if (first < today) await this.#store.mark('users:returning', userId, now, this.#retentionMs);
  }

  /** Users seen within the active window. */
  activeUsers(): Promise<number> {
    return this.#count('users:active');
  }

  /** Active users whose latest request came on a later UTC day than their first: they came back. */
  returningUsers(): Promise<number> {
    return this.#count('users:returning');
  }

  #count(key: string): Promise<number> {
    const now = this.#now();
    return this.#store.countSince(key, now - this.#activeWindowMs, now - this.#retentionMs);
  }
}
