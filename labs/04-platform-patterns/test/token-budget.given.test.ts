import { BudgetExceededError } from '@lab/budget-error.ts';
import { TokenBudget } from '@lab/token-budget.ts';
import { describe, expect, it } from 'vitest';
import { manualClock } from './helpers.ts';

function budgetError(run: () => unknown): BudgetExceededError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BudgetExceededError);
    return error as BudgetExceededError;
  }
  throw new Error('expected a BudgetExceededError');
}

describe('token budget accounts: reserve, settle, release, UTC days', () => {
  it('refuses a request over the per-request budget, saying by how much', () => {
    const budget = new TokenBudget({ perRequestTokens: 100, perUserDailyTokens: 10_000, now: manualClock() });
    const error = budgetError(() => budget.reserve('alice', 130));
    expect(error).toMatchObject({ budget: 'request', limit: 100, requested: 130, overBy: 30 });
    expect(error.message).toMatch(/per-request token budget exceeded by 30/);
    expect(budget.usedToday('alice')).toBe(0);
  });

  it('holds reservations, charges the settled amount, and rolls over with the UTC day', () => {
    const clock = manualClock(Date.UTC(2025, 0, 15, 22, 0, 0));
    const budget = new TokenBudget({ perRequestTokens: 1_000, perUserDailyTokens: 1_000, now: clock });
    const first = budget.reserve('alice', 600);
    expect(budget.usedToday('alice')).toBe(600);
    const error = budgetError(() => budget.reserve('alice', 600));
    expect(error).toMatchObject({ budget: 'daily', used: 600, userId: 'alice', overBy: 200 });
    first.settle(450);
    first.settle(999); // a second settle changes nothing
    expect(budget.usedToday('alice')).toBe(450);
    budget.reserve('alice', 100).release();
    expect(budget.remainingToday('alice')).toBe(550);
    expect(budget.usedToday('bob')).toBe(0);
    clock.advance(3 * 60 * 60 * 1000);
    expect(budget.usedToday('alice')).toBe(0);
  });

  it('refuses bad settings and bad amounts with one line', () => {
    expect(() => new TokenBudget({ perRequestTokens: 0, perUserDailyTokens: 1 })).toThrow(/perRequestTokens/);
    const budget = new TokenBudget({ perRequestTokens: 10, perUserDailyTokens: 10 });
    expect(() => budget.reserve('', 1)).toThrow(/userId/);
    expect(() => budget.reserve('alice', -1)).toThrow(/non-negative integer/);
  });
});
