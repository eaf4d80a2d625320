import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { BREAKER_ANSWER, expectMetric, QUESTIONS, toServices, useServices } from '../support/harness.ts';
import { openai } from '../support/providers.ts';

const network = useMockNetwork({ handlers: [toServices] });
const start = useServices();

describe('response cache and per-user token budgets (04), with tokens and cost per task', () => {
  it('serves a repeated question from the cache: one model call, zero tokens, hit ratio 0.5', async () => {
    network.openai.script({ content: BREAKER_ANSWER });
    const api = await start({ chatModels: [openai()] });

    const first = await api.ask(QUESTIONS.breaker, 'alice');
    const second = await api.ask(QUESTIONS.breaker, 'bob');

    expect(first.status, first.text).toBe(200);
    expect(first.body.cached).toBe(false);
    expect(second.body).toMatchObject({ status: 'answered', cached: true, answer: first.body.answer });
    expect(second.body.usage.totalTokens, 'a cache hit spends nothing').toBe(0);
    expect(network.openai.chatRequests).toHaveLength(1);
    const metrics = await api.metrics();
    expectMetric(metrics, 'capstone_cache_lookups_total', { result: 'hit' }).toBe(1);
    expectMetric(metrics, 'capstone_cache_lookups_total', { result: 'miss' }).toBe(1);
    expectMetric(metrics, 'capstone_cache_hit_ratio').toBe(0.5);
  });

  it('refuses a user over the daily budget with 429 and Retry-After, and no one else', async () => {
    network.openai.script(
      { content: BREAKER_ANSWER, usage: { inputTokens: 300, outputTokens: 30 } },
      { content: 'Only requests with temperature zero are cached [1].', usage: { inputTokens: 300, outputTokens: 30 } },
    );
    // Each question reserves its prompt (~300 tokens) + 200 answer tokens; 700 a day fits one.
    const api = await start({ chatModels: [openai()], config: { perUserDailyTokens: 700 } });

    const first = await api.ask(QUESTIONS.breaker, 'alice');
    const over = await api.ask(QUESTIONS.cache, 'alice');
    const other = await api.ask(QUESTIONS.cache, 'bob');

    expect(first.status, first.text).toBe(200);
    expect(over.status, over.text).toBe(429);
    expect(over.body.error).toMatchObject({ code: 'budget_exceeded' });
    expect(over.body.error.message).toContain('daily');
    expect(Number(over.headers.get('retry-after')), 'the daily budget resets at midnight UTC').toBeGreaterThan(0);
    expect(other.status, 'budgets are per user').toBe(200);
    expect(network.openai.chatRequests, 'the refused question never reached the model').toHaveLength(2);
    const metrics = await api.metrics();
    expectMetric(metrics, 'capstone_budget_rejections_total', { budget: 'daily' }).toBe(1);
  });

  it('exports tokens and cost, in total and per successful task', async () => {
    network.openai.script({ content: BREAKER_ANSWER, usage: { inputTokens: 420, outputTokens: 18 } });
    const api = await start({ chatModels: [openai()] });

    const reply = await api.ask(QUESTIONS.breaker);

    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.usage).toMatchObject({ inputTokens: 420, outputTokens: 18, totalTokens: 438 });
    expect(reply.body.costUsd, 'gpt-4o-mini is in the price table').toBeGreaterThan(0);
    const metrics = await api.metrics();
    expectMetric(metrics, 'capstone_tokens_total', { direction: 'input' }).toBe(420);
    expectMetric(metrics, 'capstone_tokens_total', { direction: 'output' }).toBe(18);
    expectMetric(metrics, 'capstone_cost_usd_total').toBeCloseTo(reply.body.costUsd, 12);
    expectMetric(metrics, 'capstone_task_tokens_count').toBe(1);
    expectMetric(metrics, 'capstone_task_tokens_sum').toBe(438);
    expectMetric(metrics, 'capstone_task_cost_usd_sum').toBeCloseTo(reply.body.costUsd, 12);
  });
});
