/**
 * Per-request and per-user daily token budgets. A request is checked BEFORE the call, with
 * its prompt counted by the model's tokenizer plus the most it may generate; after the call
 * the provider's reported usage is what is charged.
 */
import type { ChatModel, ChatRequest, ChatResponse } from '@workshop/llm';
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
  /** The call finished: charge what it really used instead of the reservation. */
  settle(actualTokens: number): void;
  /** The call failed: free the reservation, charge nothing. */
  release(): void;
}

/**
 * Token budgets for one application. In-memory, so per process: a product running several
 * instances keeps the accounts in a shared store (see the README).
 */
export class TokenBudget {
  readonly perRequestTokens: number;
  readonly perUserDailyTokens: number;
  readonly #now: Clock;

  constructor(options: TokenBudgetOptions) {
    // TODO: reject limits that are not positive integers with a RangeError naming the field.
    this.perRequestTokens = options.perRequestTokens;
    this.perUserDailyTokens = options.perUserDailyTokens;
    this.#now = options.now ?? systemClock;
    // TODO: add the per-user accounts: tokens spent and tokens reserved, per user, for the
    //   current UTC day (`Math.floor(this.#now() / 86_400_000)`); a new day starts from zero.
  }

  /**
   * Check `tokens` against both budgets and hold them against the user's day.
   * Throws `BudgetExceededError` (`request` first, then `daily`) and reserves nothing then.
   * Reserving (not just checking) is what keeps two concurrent calls from both slipping
   * under the daily limit.
   */
  reserve(userId: string, tokens: number): Reservation {
    // TODO 1: tokens > perRequestTokens → throw new BudgetExceededError({ budget: 'request', limit, requested }).
    // TODO 2: today's spent + reserved + tokens > perUserDailyTokens →
    //   throw new BudgetExceededError({ budget: 'daily', limit, used: spent + reserved, requested, userId }).
    // TODO 3: otherwise add `tokens` to the user's reserved tokens and return a Reservation whose
    //   settle(actual) moves the reservation to spent as `actual` tokens, and release() drops it.
    //   Either may only take effect once.
    void this.#now;
    throw new Error(`TODO: TokenBudget.reserve — check and hold ${tokens} tokens for ${userId}`);
  }

  /** Tokens the user has spent or holds in flight today. */
  usedToday(userId: string): number {
    // TODO: spent + reserved of the user's account for today (0 for a user not seen today).
    throw new Error(`TODO: TokenBudget.usedToday — read ${userId}'s account for today`);
  }

  /** Tokens the user may still spend today. */
  remainingToday(userId: string): number {
    return Math.max(0, this.perUserDailyTokens - this.usedToday(userId));
  }
}

/** Who is calling, and against which budget. */
export interface BudgetedCallOptions {
  /** The budget to charge. */
  budget: TokenBudget;
  /** The user whose daily budget pays. */
  userId: string;
}

/**
 * Call `model` within the budgets: count the prompt with the model's tokenizer, add the
 * output the call may generate, reserve that, call, then charge the reported usage.
 * A request without `maxOutputTokens` is capped to what the per-request budget leaves,
 * because an unbounded answer could break the budget after the check.
 */
export async function generateWithinBudget(
  model: ChatModel,
  request: ChatRequest,
  options: BudgetedCallOptions,
): Promise<ChatResponse> {
  // TODO 1: inputTokens = countMessageTokens(request.messages, model.modelId) (from '@workshop/llm').
  // TODO 2: maxOutputTokens = request.maxOutputTokens, or what is left of perRequestTokens.
  // TODO 3: reserve inputTokens + maxOutputTokens BEFORE calling the model.
  // TODO 4: call model.generate({ ...request, maxOutputTokens }); settle with
  //   response.usage.totalTokens on success, release on failure (and rethrow).
  void model;
  void request;
  void options;
  throw new Error('TODO: generateWithinBudget — reserve, call, then charge the real usage');
}
