/**
 * Per-request and per-user daily token budgets: the accounts. A call reserves its worst case
 * before it runs and settles with what it really cost after (`budgeted-call.ts` decides what
 * that is). Given code.
 */
import { BudgetExceededError } from './budget-error.ts';
import { type Clock, systemClock } from './clock.ts';

/** Limits of a `TokenBudget`. */
export interface TokenBudgetOptions {
  /** The most one request may spend: prompt tokens plus `maxOutputTokens`. */
  perRequestTokens: number;
  /** The most one user may spend per UTC calendar day. */
  perUserDailyTokens: number;
  /** Clock deciding which day it is; `Date.now` by default. */
  now?: Clock;
}

/** Tokens held against a user's daily budget while a call is in flight. */
export interface Reservation {
  /** Tokens reserved. */
  readonly tokens: number;
  /** The call is over: charge `actualTokens` instead of the reservation (it may be more or less). */
  settle(actualTokens: number): void;
  /** Free the reservation and charge nothing. */
  release(): void;
}

const DAY_MS = 86_400_000;

/** One user's spending on one day. */
interface DayAccount {
  /** Tokens charged for finished calls. */
  spent: number;
  /** Tokens held by calls in flight. */
  reserved: number;
}

/**
 * Token budgets for one application. In-memory, so per process: a product running several
 * instances keeps the accounts in a shared store (see the README).
 */
export class TokenBudget {
  readonly perRequestTokens: number;
  readonly perUserDailyTokens: number;
  readonly #now: Clock;
  /** Accounts keyed by `${day}:${userId}`; only today's are kept. */
  readonly #accounts = new Map<string, DayAccount>();
  #day = Number.NaN;

  constructor(options: TokenBudgetOptions) {
    this.perRequestTokens = positiveInteger('perRequestTokens', options.perRequestTokens);
    this.perUserDailyTokens = positiveInteger('perUserDailyTokens', options.perUserDailyTokens);
    this.#now = options.now ?? systemClock;
  }

  /**
   * Check `tokens` against both budgets and hold them against the user's day.
   * Throws `BudgetExceededError` (`request` first, then `daily`) and reserves nothing then.
   * Reserving (not just checking) is what keeps two concurrent calls from both slipping
   * under the daily limit.
   */
  reserve(userId: string, tokens: number): Reservation {
    if (userId.length === 0) throw new Error('TokenBudget.reserve: userId must not be empty');
    if (!Number.isInteger(tokens) || tokens < 0) {
      throw new RangeError(`TokenBudget.reserve: tokens must be a non-negative integer, got ${tokens}`);
    }
    if (tokens > this.perRequestTokens) {
      throw new BudgetExceededError({ budget: 'request', limit: this.perRequestTokens, requested: tokens });
    }
    const account = this.#account(userId);
    const used = account.spent + account.reserved;
    if (used + tokens > this.perUserDailyTokens) {
      throw new BudgetExceededError({
        budget: 'daily',
        limit: this.perUserDailyTokens,
        used,
        requested: tokens,
        userId,
      });
    }
    account.reserved += tokens;
    let open = true;
    const close = (charge: number) => {
      if (!open) return;
      open = false;
      // The account object is the one of the day the call started: a call that runs past
      // midnight is charged to the day it was admitted on.
      account.reserved -= tokens;
      account.spent += charge;
    };
    return { tokens, settle: (actual) => close(Math.max(0, actual)), release: () => close(0) };
  }

  /** Tokens the user has spent or holds in flight today. */
  usedToday(userId: string): number {
    const account = this.#account(userId);
    return account.spent + account.reserved;
  }

  /** Tokens the user may still spend today. */
  remainingToday(userId: string): number {
    return Math.max(0, this.perUserDailyTokens - this.usedToday(userId));
  }

  #account(userId: string): DayAccount {
    const day = Math.floor(this.#now() / DAY_MS);
    if (day !== this.#day) {
      // A new UTC day: yesterday's accounts no longer matter (in-flight reservations still
      // hold their own account object, so settling them is harmless).
      this.#accounts.clear();
      this.#day = day;
    }
    const key = `${day}:${userId}`;
    let account = this.#accounts.get(key);
    if (!account) {
      account = { spent: 0, reserved: 0 };
      this.#accounts.set(key, account);
    }
    return account;
  }
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`TokenBudget: ${name} must be a positive integer, got ${value}`);
  }
  return value;
}
