import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { toolResultsOf } from './support/requests.ts';
import { createShop } from './support/shop.ts';

const network = useMockNetwork();

describe('DoD-3 a wall-clock timeout per run and a timeout per tool (injected clock, no real waiting)', () => {
  it('cuts off a tool that hangs, tells the model, and goes on', async () => {
    network.openai.script(
      { toolCalls: [{ id: 'call_search', name: 'slow_search', arguments: { query: 'refunds 2024' } }] },
      { content: 'The archive is not answering; please try later.' },
    );
    const shop = createShop();
    shop.slowSearch.takesMs = 6_000; // slow_search declares timeoutMs: 5 000
    shop.slowSearch.hangs = true;

    const result = await shop.agent().start({ role: 'support', task: 'Find my 2024 refunds' });

    expect(result.status).toBe('done');
    expect(result.outcomes.map((o) => o.status)).toEqual(['timeout']);
    const [sent] = toolResultsOf(network.openai.chatRequests[1]);
    expect(sent).toMatchObject({ toolCallId: 'call_search', ok: false });
    expect(sent?.error).toMatch(/slow_search.*timed out after 5000 ms/);
    expect(shop.clock.pendingDeadlines).toBe(0);
  });

  it('lets a tool that finishes in time answer, and clears its timer', async () => {
    network.openai.script({ toolCalls: [{ name: 'slow_search', arguments: { query: 'x' } }] }, { content: 'Found 3.' });
    const shop = createShop();
    shop.slowSearch.takesMs = 4_000;

    const result = await shop.agent().start({ role: 'support', task: 'Search' });

    expect(result.outcomes.map((o) => o.status)).toEqual(['ok']);
    expect(toolResultsOf(network.openai.chatRequests[1])[0]).toMatchObject({ ok: true, output: { hits: 3 } });
    expect(shop.clock.deadlines).toContain(5_000);
    expect(shop.clock.pendingDeadlines).toBe(0);
  });

  it('uses the agent-wide tool timeout for tools that set none', async () => {
    network.openai.script(
      { toolCalls: [{ name: 'lookup_order', arguments: { orderId: 'A-1042' } }] },
      { content: 'ok' },
    );
    const shop = createShop();
    const result = await shop.agent({ limits: { toolTimeoutMs: 1_234 } }).start({ role: 'support', task: 'Look up' });
    expect(result.outcomes.map((o) => o.status)).toEqual(['ok']);
    expect(shop.clock.deadlines).toContain(1_234);
    expect(shop.clock.pendingDeadlines).toBe(0);
  });

  it('stops the run when its wall-clock time is used up, before calling the model again', async () => {
    network.openai.script(
      { toolCalls: [{ name: 'slow_search', arguments: { query: 'a' } }] },
      { toolCalls: [{ name: 'slow_search', arguments: { query: 'b' } }] },
      { toolCalls: [{ name: 'slow_search', arguments: { query: 'c' } }] },
      { content: 'never sent' },
    );
    const shop = createShop();
    shop.slowSearch.takesMs = 4_000; // each search answers within its own 5 s timeout

    const result = await shop.agent({ limits: { timeoutMs: 7_000 } }).start({ role: 'support', task: 'Search all' });

    // 4 s after the first search (go on), 8 s after the second (>= 7 s: stop).
    expect(result).toMatchObject({ status: 'stopped', reason: 'timeout', steps: 2 });
    expect(result.message).toMatch(/7000 ms/);
    expect(network.openai.chatRequests).toHaveLength(2);
    expect(shop.effects.searches).toBe(2);
    expect(result.outcomes.map((o) => o.status)).toEqual(['ok', 'ok']);
  });
});
