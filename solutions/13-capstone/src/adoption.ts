/**
 * Adoption signals: who uses the service, and who comes back. A user is identified by the
 * `x-user-id` header (a pseudonymous id the client keeps); nothing else about them is stored.
 */

const DAY_MS = 86_400_000;

/** When a user was first and last seen. */
interface Visits {
  /** UTC day number of the first request. */
  firstDay: number;
  /** Time of the latest request, in ms since the epoch. */
  lastSeen: number;
}

/** Options of `UserActivity`. */
export interface UserActivityOptions {
  /** Clock in ms since the epoch; injected so tests can move to another day. */
  now: () => number;
  /** A user is active when seen within this window, in ms. */
  activeWindowMs: number;
  /** Users not seen for this long are forgotten (bounded memory), in ms. Default 30 days. */
  retentionMs?: number;
}

/** Tracks users in memory. Per process: several instances would keep this in a shared store. */
export class UserActivity {
  readonly #users = new Map<string, Visits>();
  readonly #now: () => number;
  readonly #activeWindowMs: number;
  readonly #retentionMs: number;

  constructor(options: UserActivityOptions) {
    this.#now = options.now;
    this.#activeWindowMs = options.activeWindowMs;
    this.#retentionMs = options.retentionMs ?? 30 * DAY_MS;
  }

  /** Record a request of `userId`. */
  seen(userId: string): void {
    const now = this.#now();
    const visits = this.#users.get(userId);
    if (visits) visits.lastSeen = now;
    else this.#users.set(userId, { firstDay: Math.floor(now / DAY_MS), lastSeen: now });
  }

  /** Users seen within the active window. */
  activeUsers(): number {
    return this.#active().length;
  }

  /** Active users whose first request was on an earlier UTC day: they came back. */
  returningUsers(): number {
    const today = Math.floor(this.#now() / DAY_MS);
    return this.#active().filter((v) => v.firstDay < today).length;
  }

  #active(): Visits[] {
    const now = this.#now();
    const active: Visits[] = [];
    for (const [id, visits] of this.#users) {
      if (now - visits.lastSeen > this.#retentionMs) this.#users.delete(id);
      else if (now - visits.lastSeen <= this.#activeWindowMs) active.push(visits);
    }
    return active;
  }
}
