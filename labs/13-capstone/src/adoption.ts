/**
 * Adoption signals: who uses the service, and who comes back. A user is whoever the identity
 * layer says (an API key's owner, or a signed session); nothing else about them is stored.
 */
import type { StateStore } from './state/store.ts';

/** Options of `UserActivity`. */
export interface UserActivityOptions {
  /** Where the counts may live (shared by every process); this starter keeps them in a Map. */
  store: StateStore;
  /** Clock in ms since the epoch; injected so tests can move to another day. */
  now: () => number;
  /** A user is active when seen within this window, in ms. */
  activeWindowMs: number;
  /** Users not seen for this long are forgotten (bounded memory), in ms. Default 30 days. */
  retentionMs?: number;
}

/** Tracks users in memory. Per process: several instances would keep this in a shared store. */
export class UserActivity {
  readonly #options: UserActivityOptions;

  constructor(options: UserActivityOptions) {
    this.#options = options;
  }

  /** Record a request of `userId`. */
  async seen(userId: string): Promise<void> {
    // TODO(DoD-9): keep, per user, the UTC day of the first request (Math.floor(now / 86_400_000))
    // and the time of the latest one, in a Map. Use `this.#options.now()`, never Date.now().
    void userId;
    void this.#options;
    throw new Error('TODO: UserActivity.seen — remember the first day and the last time each user was seen');
  }

  /** Users seen within the active window. */
  async activeUsers(): Promise<number> {
    // TODO(DoD-9): count users whose latest request is at most `activeWindowMs` ago (and forget those
    // older than `retentionMs`, so memory stays bounded).
    throw new Error('TODO: UserActivity.activeUsers — count users seen within the window');
  }

  /** Active users whose first request was on an earlier UTC day: they came back. */
  async returningUsers(): Promise<number> {
    // TODO(DoD-9): among the active users, count those whose first day is before today (UTC).
    throw new Error('TODO: UserActivity.returningUsers — count active users first seen on an earlier day');
  }
}
