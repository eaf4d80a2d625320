import { BudgetExceededError } from '@lab/budget-error.ts';
import { generateWithinBudget, TokenBudget } from '@lab/token-budget.ts';
import { type ChatRequest, countMessageTokens, isProviderError, OpenAIChatModel } from '@workshop/llm';
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { manualClock } from './helpers.ts';

const MODEL = 'gpt-4o-mini';
const network = useMockNetwork();
const model = () => new OpenAIChatModel({ model: MODEL, apiKey: 'test-key' });

function ask(question: string, maxOutputTokens: number): ChatRequest {
  return { messages: [{ role: 'user', content: question }], maxOutputTokens, temperature: 0 };
}

async function budgetError(promise: Promise<unknown>): Promise<BudgetExceededError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, `expected a BudgetExceededError, got: ${String(error)}`).toBeInstanceOf(BudgetExceededError);
  return error as BudgetExceededError;
}

describe('DoD-3 per-request and per-user daily token budgets', () => {
  it('rejects a request over the per-request budget before calling the model, saying by how much', async () => {
    const budget = new TokenBudget({ perRequestTokens: 100, perUserDailyTokens: 10_000, now: manualClock() });
    const request = ask('Write a haiku about kettles that boil over.', 200);
    const needed = countMessageTokens(request.messages, MODEL) + 200;

    const error = await budgetError(generateWithinBudget(model(), request, { budget, userId: 'alice' }));

    expect(error.budget).toBe('request');
    expect(error.limit).toBe(100);
    expect(error.requested).toBe(needed);
    expect(error.overBy).toBe(needed - 100);
    expect(error.message).toMatch(/per-request/);
    expect(error.message).toContain(String(needed - 100));
    expect(network.openai.chatRequests, 'no model call for a rejected request').toHaveLength(0);
  });

  it("charges the provider's reported usage to the user's day and rejects the call that would go over", async () => {
    const clock = manualClock(Date.UTC(2025, 0, 15, 22, 0, 0));
    const budget = new TokenBudget({ perRequestTokens: 1_000, perUserDailyTokens: 1_000, now: clock });
    network.openai.script(
      { content: 'First answer.', usage: { inputTokens: 300, outputTokens: 150 } },
      { content: 'Second answer.', usage: { inputTokens: 300, outputTokens: 150 } },
    );
    const request = ask('Is my order on its way?', 100);
    await generateWithinBudget(model(), request, { budget, userId: 'alice' });
    await generateWithinBudget(model(), request, { budget, userId: 'alice' });
    expect(budget.usedToday('alice'), 'the reported usage is charged, not the estimate').toBe(900);

    const needed = countMessageTokens(request.messages, MODEL) + 100;
    const error = await budgetError(generateWithinBudget(model(), request, { budget, userId: 'alice' }));

    expect(error.budget).toBe('daily');
    expect(error.userId).toBe('alice');
    expect(error.used).toBe(900);
    expect(error.overBy).toBe(900 + needed - 1_000);
    expect(error.message).toMatch(/daily/);
    expect(error.message).toContain('alice');
    expect(network.openai.chatRequests).toHaveLength(2);

    // Another user has their own budget, and alice's resets with the next UTC day.
    await expect(generateWithinBudget(model(), request, { budget, userId: 'bob' })).resolves.toBeDefined();
    clock.advance(3 * 60 * 60 * 1000);
    await expect(generateWithinBudget(model(), request, { budget, userId: 'alice' })).resolves.toBeDefined();
    expect(network.openai.chatRequests).toHaveLength(4);
  });

  it('holds tokens while a call is in flight, so concurrent calls cannot both slip under the daily limit', async () => {
    const budget = new TokenBudget({ perRequestTokens: 1_000, perUserDailyTokens: 1_000, now: manualClock() });
    const request = ask('Summarise my last three orders.', 600);

    const outcomes = await Promise.allSettled([
      generateWithinBudget(model(), request, { budget, userId: 'alice' }),
      generateWithinBudget(model(), request, { budget, userId: 'alice' }),
    ]);

    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(BudgetExceededError);
    expect((rejected.reason as BudgetExceededError).budget).toBe('daily');
    expect(network.openai.chatRequests).toHaveLength(1);
  });

  it('charges nothing for a call that failed', async () => {
    const budget = new TokenBudget({ perRequestTokens: 1_000, perUserDailyTokens: 1_000, now: manualClock() });
    network.openai.fail({ fault: 'server_error', status: 503 });

    const error = await generateWithinBudget(model(), ask('Hello?', 50), { budget, userId: 'alice' }).catch(
      (e: unknown) => e,
    );

    expect(isProviderError(error), `expected the provider's error, got: ${String(error)}`).toBe(true);
    expect(budget.usedToday('alice')).toBe(0);
  });
});
