import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { toolResultsOf } from './support/requests.ts';
import { createShop } from './support/shop.ts';

const network = useMockNetwork();

/** A model that never stops calling tools: only the loop's limits can end the run. */
function scriptEndlessLookups(times: number, usage?: { inputTokens: number; outputTokens: number }) {
  for (let i = 0; i < times; i++) {
    const orderId = `A-10${String(40 + i).padStart(2, '0')}`;
    network.openai.script({
      toolCalls: [{ name: 'lookup_order', arguments: { orderId } }],
      ...(usage ? { usage } : {}),
    });
  }
}

describe('DoD-2 a step limit and a token and cost budget stop the run mid-way, with the partial result and the reason', () => {
  it('stops at the step limit and keeps every tool result gathered so far', async () => {
    scriptEndlessLookups(5);
    const shop = createShop();

    const result = await shop.agent({ limits: { maxSteps: 3 } }).start({ role: 'support', task: 'Check all orders' });

    expect(result).toMatchObject({ status: 'stopped', reason: 'max_steps', steps: 3 });
    expect(result.message).toMatch(/step limit of 3/);
    expect(network.openai.chatRequests).toHaveLength(3);
    expect(shop.effects.lookups).toEqual(['A-1040', 'A-1041', 'A-1042']);
    expect(result.outcomes.map((o) => o.status)).toEqual(['ok', 'ok', 'ok']);
    expect(JSON.parse(result.outcomes[2]?.content ?? '{}')).toMatchObject({ ok: true, output: { orderId: 'A-1042' } });
  });

  it('stops when the token budget is spent, counting the tokens the provider reported', async () => {
    scriptEndlessLookups(5, { inputTokens: 600, outputTokens: 100 });
    const shop = createShop();

    const result = await shop
      .agent({ limits: { maxTokens: 2_000 } })
      .start({ role: 'support', task: 'Check all orders' });

    // 700 tokens per call: 1 400 < 2 000 allows a third call, 2 100 >= 2 000 stops before a fourth.
    expect(result).toMatchObject({ status: 'stopped', reason: 'token_budget', steps: 3 });
    expect(result.usage).toEqual({ inputTokens: 1_800, outputTokens: 300, totalTokens: 2_100 });
    expect(result.message).toMatch(/2100/);
    expect(network.openai.chatRequests).toHaveLength(3);
    expect(shop.effects.lookups).toHaveLength(3);
  });

  it('stops when the cost budget is spent, priced from the price table', async () => {
    // gpt-4o-mini: $0.15 / 1M input, $0.60 / 1M output → $0.015 + $0.006 = $0.021 per call.
    scriptEndlessLookups(5, { inputTokens: 100_000, outputTokens: 10_000 });
    const shop = createShop();

    const result = await shop
      .agent({ limits: { maxCostUsd: 0.05, maxTokens: 10_000_000 } })
      .start({ role: 'support', task: 'Check all orders' });

    expect(result).toMatchObject({ status: 'stopped', reason: 'cost_budget', steps: 3 });
    expect(result.costUsd).toBeCloseTo(0.063, 6);
    expect(network.openai.chatRequests).toHaveLength(3);
    // The partial result is still there for the caller (and for a person to finish the job).
    expect(result.outcomes).toHaveLength(3);
    expect(toolResultsOf(network.openai.chatRequests[2])).toHaveLength(2);
  });

  it('a finished run reports done, with its answer, tokens and cost', async () => {
    network.openai.script(
      {
        toolCalls: [{ name: 'lookup_order', arguments: { orderId: 'A-1042' } }],
        usage: { inputTokens: 200, outputTokens: 20 },
      },
      { content: 'Delivered on Monday.', usage: { inputTokens: 300, outputTokens: 10 } },
    );
    const shop = createShop();
    const result = await shop.agent({ limits: { maxSteps: 2 } }).start({ role: 'support', task: 'Where is A-1042?' });
    expect(result).toMatchObject({ status: 'done', output: 'Delivered on Monday.', steps: 2 });
    expect(result.reason).toBeUndefined();
    expect(result.usage.totalTokens).toBe(530);
    expect(result.costUsd).toBeCloseTo((500 * 0.15 + 30 * 0.6) / 1e6, 9);
  });

  it('a failing model call stops the run with reason "model_error", keeping what was done', async () => {
    network.openai.script(
      { toolCalls: [{ name: 'lookup_order', arguments: { orderId: 'A-1042' } }] },
      { fault: 'server_error' },
    );
    const shop = createShop();
    const result = await shop.agent().start({ role: 'support', task: 'Where is A-1042?' });
    expect(result).toMatchObject({ status: 'stopped', reason: 'model_error', steps: 1 });
    expect(result.outcomes.map((o) => o.status)).toEqual(['ok']);
  });
});
