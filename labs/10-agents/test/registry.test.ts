import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { toolResultsOf } from './support/requests.ts';
import { createShop } from './support/shop.ts';

const network = useMockNetwork();

describe('DoD-1 tool arguments are checked against the schema; invalid calls go back to the model, a bounded number of times', () => {
  it('names the field that is wrong, in one line, for the model to fix', () => {
    const { registry } = createShop();
    const bad = registry.parseCall({ id: 'c1', name: 'refund_order', arguments: '{"orderId":"1042","amountEur":-5}' });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error).toContain('refund_order');
    expect(bad.error).toMatch(/orderId/);
    expect(bad.error).toMatch(/amountEur/);
    expect(bad.error).toMatch(/reason/);
    expect(bad.error).not.toContain('\n');

    const notJson = registry.parseCall({ id: 'c2', name: 'lookup_order', arguments: '{"orderId": "A-10' });
    expect(notJson).toMatchObject({ ok: false, error: expect.stringMatching(/not valid JSON/) });

    const unknown = registry.parseCall({ id: 'c3', name: 'drop_tables', arguments: '{}' });
    expect(unknown).toMatchObject({
      ok: false,
      error: expect.stringMatching(/unknown tool "drop_tables".*lookup_order/),
    });

    const good = registry.parseCall({ id: 'c4', name: 'lookup_order', arguments: '{"orderId":"A-1042"}' });
    expect(good).toMatchObject({ ok: true, args: { orderId: 'A-1042' } });
    expect(good.ok && good.tool.name).toBe('lookup_order');
  });

  it('returns the schema error to the model as a tool message, and runs the corrected call', async () => {
    network.openai.script(
      { toolCalls: [{ id: 'call_bad', name: 'lookup_order', arguments: { orderId: 'order 1042' } }] },
      { toolCalls: [{ id: 'call_good', name: 'lookup_order', arguments: { orderId: 'A-1042' } }] },
      { content: 'Order A-1042 was delivered.' },
    );
    const shop = createShop();

    const result = await shop.agent().start({ role: 'support', task: 'Where is my order 1042?' });

    expect(result.status).toBe('done');
    expect(result.output).toBe('Order A-1042 was delivered.');
    const [afterBad] = toolResultsOf(network.openai.chatRequests[1]);
    expect(afterBad).toMatchObject({ toolCallId: 'call_bad', ok: false });
    expect(afterBad?.error).toMatch(/orderId: must look like A-1234/);
    // The invalid call never reached the tool; the corrected one did, exactly once.
    expect(shop.effects.lookups).toEqual(['A-1042']);
    const afterGood = toolResultsOf(network.openai.chatRequests[2]).at(-1);
    expect(afterGood).toMatchObject({ toolCallId: 'call_good', ok: true, output: { status: 'delivered' } });
    expect(result.outcomes.map((o) => o.status)).toEqual(['invalid', 'ok']);
  });

  it('stops the run with reason "invalid_tool_calls" once the model exceeds the bound', async () => {
    const bad = { name: 'refund_order', arguments: { orderId: 'A-1042', amountEur: 'all of it', reason: 'x' } };
    network.openai.script({ toolCalls: [bad] }, { toolCalls: [bad] }, { toolCalls: [bad] }, { content: 'never sent' });
    const shop = createShop();

    const result = await shop
      .agent({ limits: { maxInvalidToolCalls: 2 } })
      .start({ role: 'support', task: 'Refund A-1042' });

    expect(result.status).toBe('stopped');
    expect(result.reason).toBe('invalid_tool_calls');
    expect(result.message).toMatch(/amountEur/);
    // Two errors went back to the model; the third invalid call ended the run without another model call.
    expect(network.openai.chatRequests).toHaveLength(3);
    expect(toolResultsOf(network.openai.chatRequests[2]).filter((r) => !r.ok)).toHaveLength(2);
    expect(shop.effects.refunds).toEqual([]);
    expect(result.outcomes.map((o) => o.status)).toEqual(['invalid', 'invalid', 'invalid']);
  });
});
