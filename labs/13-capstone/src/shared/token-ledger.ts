/**
 * Per-user daily token budgets in the shared `StateStore`: one counter per user and UTC day that
 * every process adds to atomically. A reservation adds the most a call may spend if that stays
 * within the day's limit (the check and the addition are one atomic step, so two processes cannot
 * both slip under the limit); settling adds the difference to what the provider reported.
 *
 * Providers bill failed and cut-off calls too (the prompt was sent; a cut stream's text was
 * generated), so a call that fails is settled with the caller's estimate of what it cost, never
 * released for free. If the store fails, the reservation fails: a budget is never skipped.
 */
import { BudgetExceededError } from '@workshop-solutions/04-platform-patterns/budget-error.ts';
import type { StateStore } from '../state/store.ts';

const DAY_MS = 86_400_000;

/** Options of `TokenLedger`. */
export interface TokenLedgerOptions {
  store: StateStore;
  /** The most one request may spend: prompt plus answer tokens. */
  perRequestTokens: number;
  /** The most one user may spend per UTC day. */
  perUserDailyTokens: number;
  /** Wall clock in ms since the epoch (which day it is). */
  now: () => number;
}

/** Tokens held against a user's day while a call runs. */
export interface LedgerReservation {
  /** Tokens reserved. */
  readonly tokens: number;
  /** Charge `actualTokens` instead of the reservation (the call ended, well or not). Once only. */
  settle(actualTokens: number): Promise<void>;
}

export class TokenLedger {
  readonly perRequestTokens: number;
  readonly perUserDailyTokens: number;
  readonly #store: StateStore;
  readonly #now: () => number;

  constructor(options: TokenLedgerOptions) {
    this.#store = options.store;
    this.perRequestTokens = options.perRequestTokens;
    this.perUserDailyTokens = options.perUserDailyTokens;
    this.#now = options.now;
  }

  /**
   * Hold `tokens` against `userId`'s day. Throws 04's `BudgetExceededError` (`request`, then
   * `daily`) and holds nothing then; rejects with the store's error when it cannot check.
   */
  async reserve(userId: string, tokens: number): Promise<LedgerReservation> {
    if (tokens > this.perRequestTokens) {
      throw new BudgetExceededError({ budget: 'request', limit: this.perRequestTokens, requested: tokens });
    }
    // The day the call was admitted on pays for it, even when it settles after midnight.
    const key = `budget:${Math.floor(this.#now() / DAY_MS)}:${userId}`;
    const counted = await this.#store.increment(key, tokens, 2 * DAY_MS, this.perUserDailyTokens);
    if (!counted.ok) {
      throw new BudgetExceededError({
        budget: 'daily',
        limit: this.perUserDailyTokens,
        used: counted.value,
        requested: tokens,
        userId,
      });
    }
    let open = true;
    return {
      tokens,
      settle: async (actualTokens) => {
        if (!open) return;
        open = false;
        const delta = Math.max(0, Math.round(actualTokens)) - tokens;
        // A failed settle leaves the reservation charged: the user pays at most what was reserved.
        if (delta !== 0) await this.#store.increment(key, delta, 2 * DAY_MS);
      },
    };
  }

  /** Tokens `userId` has spent or holds in flight today. */
  async usedToday(userId: string): Promise<number> {
    const value = await this.#store.get(`budget:${Math.floor(this.#now() / DAY_MS)}:${userId}`);
    return Number(value ?? 0);
  }
}
