import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { toolResultsOf } from './support/requests.ts';
import { createShop } from './support/shop.ts';

const network = useMockNetwork();

const refund = { orderId: 'A-1042', amountEur: 49.9, reason: 'damaged on arrival' };

/** Model: look the order up, ask for a refund, then confirm. */
function scriptRefund() {
  network.openai.script(
    { toolCalls: [{ id: 'call_lookup', name: 'lookup_order', arguments: { orderId: 'A-1042' } }] },
    { toolCalls: [{ id: 'call_refund', name: 'refund_order', arguments: refund }] },
    { content: 'Your refund of 49.90 EUR is on its way.' },
  );
}

describe('DoD-5 side effects wait for a human: the run pauses, serialises to JSON, and resumes after approve or reject', () => {
  it('pauses before the refund, with a state that survives JSON, and resumes in a new agent after approval', async () => {
    scriptRefund();
    const shop = createShop();

    const paused = await shop.agent().start({ role: 'support', task: 'Refund my damaged order A-1042' });

    expect(paused.status).toBe('awaiting_approval');
    expect(paused.pending).toMatchObject({ toolCallId: 'call_refund', tool: 'refund_order', args: refund });
    expect(shop.effects.refunds).toEqual([]);
    expect(network.openai.chatRequests).toHaveLength(2);
    const saved = JSON.stringify(paused.state);
    expect(JSON.parse(saved)).toEqual(paused.state);

    // Another process, another agent instance: only the saved JSON carries the run.
    const resumed = await shop
      .agent()
      .resume(saved, { toolCallId: 'call_refund', approved: true, by: 'lead@shop.example' });

    expect(resumed.status).toBe('done');
    expect(resumed.output).toBe('Your refund of 49.90 EUR is on its way.');
    expect(shop.effects.refunds).toMatchObject([{ orderId: 'A-1042', amountEur: 49.9 }]);
    expect(network.openai.chatRequests).toHaveLength(3);
    expect(toolResultsOf(network.openai.chatRequests[2]).at(-1)).toMatchObject({
      toolCallId: 'call_refund',
      ok: true,
      output: { refunded: 49.9 },
    });
    expect(resumed.outcomes.map((o) => o.status)).toEqual(['ok', 'ok']);
    expect(resumed.steps).toBe(3);
  });

  it('on rejection, never runs the tool and tells the model who said no and why', async () => {
    scriptRefund();
    const shop = createShop();
    const paused = await shop.agent().start({ role: 'support', task: 'Refund A-1042' });

    const resumed = await shop.agent().resume(JSON.stringify(paused.state), {
      toolCallId: 'call_refund',
      approved: false,
      by: 'lead@shop.example',
      reason: 'refunds over 40 EUR need a photo',
    });

    expect(resumed.status).toBe('done');
    expect(shop.effects.refunds).toEqual([]);
    const sent = toolResultsOf(network.openai.chatRequests[2]).at(-1);
    expect(sent).toMatchObject({ toolCallId: 'call_refund', ok: false });
    expect(sent?.error).toMatch(/rejected by lead@shop\.example: refunds over 40 EUR need a photo/);
    expect(resumed.outcomes.map((o) => o.status)).toEqual(['ok', 'rejected']);
  });

  it('refuses a malformed saved state or a wrong decision with one line, and the paused run still resumes', async () => {
    scriptRefund();
    const shop = createShop();
    const paused = await shop.agent().start({ role: 'support', task: 'Refund A-1042' });
    const saved = JSON.stringify(paused.state);
    const approve = { toolCallId: 'call_refund', approved: true, by: 'lead' };
    const agent = shop.agent();

    const oneLine = async (promise: Promise<unknown>, pattern: RegExp) => {
      const error = await promise.then(
        () => new Error('expected a rejection'),
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(pattern);
      expect((error as Error).message).not.toContain('\n');
    };
    await oneLine(agent.resume(saved.slice(0, 40), approve), /^run state: not valid JSON/);
    const broken = JSON.parse(saved);
    broken.messages[1].role = 'hacker';
    await oneLine(agent.resume(JSON.stringify(broken), approve), /^run state: messages\.1/);
    await oneLine(agent.resume({ ...paused.state, version: 2 } as never, approve), /^run state: version/);
    await oneLine(agent.resume(saved, { ...approve, toolCallId: 'call_other' }), /awaits approval of call_refund/);
    await oneLine(agent.resume(saved, { ...approve, by: '' }), /^approval decision: by/);
    expect(shop.effects.refunds).toEqual([]);
    expect(network.openai.chatRequests).toHaveLength(2);

    const resumed = await agent.resume(saved, approve);
    expect(resumed.status).toBe('done');
    expect(shop.effects.refunds).toHaveLength(1);

    // A finished run cannot be "approved" again.
    await oneLine(agent.resume(JSON.stringify(resumed.state), approve), /not awaiting approval \(status: done\)/);
  });
});
