import { idempotencyKey, MemoryIdempotencyStore } from '@lab/idempotency.ts';
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { toolResultsOf } from './support/requests.ts';
import { createShop } from './support/shop.ts';

const network = useMockNetwork();

describe('DoD-6 side effects carry an idempotency key, so a retried step never repeats the effect', () => {
  it('derives the key from run, tool and arguments (not from JSON field order or the call id)', () => {
    const a = idempotencyKey('run-1', 'refund_order', { orderId: 'A-1042', amountEur: 10, reason: 'late' });
    expect(a).toBe(idempotencyKey('run-1', 'refund_order', { reason: 'late', amountEur: 10, orderId: 'A-1042' }));
    expect(a).not.toBe(idempotencyKey('run-2', 'refund_order', { orderId: 'A-1042', amountEur: 10, reason: 'late' }));
    expect(a).not.toBe(idempotencyKey('run-1', 'refund_order', { orderId: 'A-1042', amountEur: 11, reason: 'late' }));
    expect(a).not.toBe(idempotencyKey('run-1', 'send_receipt', { orderId: 'A-1042', amountEur: 10, reason: 'late' }));
    expect(a).not.toContain('A-1042'); // keys end up in logs and headers: no raw arguments in them
  });

  it('answers a repeated call from the record instead of sending the e-mail twice', async () => {
    network.openai.script(
      { toolCalls: [{ id: 'c1', name: 'send_receipt', arguments: { orderId: 'A-1042', to: 'jane.doe@example.com' } }] },
      // The model "retries" with the same arguments in another order, under a new call id.
      { toolCalls: [{ id: 'c2', name: 'send_receipt', arguments: { to: 'jane.doe@example.com', orderId: 'A-1042' } }] },
      { toolCalls: [{ id: 'c3', name: 'send_receipt', arguments: { orderId: 'A-1043', to: 'jane.doe@example.com' } }] },
      { content: 'Both receipts are in your inbox.' },
    );
    const shop = createShop();

    const result = await shop.agent().start({ role: 'support', task: 'Send me my receipts', runId: 'run-receipts' });

    expect(result.status).toBe('done');
    expect(shop.effects.receipts.map((r) => r.orderId)).toEqual(['A-1042', 'A-1043']);
    expect(result.outcomes.map((o) => o.status)).toEqual(['ok', 'replayed', 'ok']);
    const [first, second] = toolResultsOf(network.openai.chatRequests[2]);
    expect(second?.raw).toBe(first?.raw); // the model gets the original answer again
    // The tool got the key to pass on to the mail service (which can refuse duplicates too).
    expect(shop.effects.receipts[0]?.idempotencyKey).toBe(
      idempotencyKey('run-receipts', 'send_receipt', { orderId: 'A-1042', to: 'jane.doe@example.com' }),
    );
  });

  it('does not refund twice when a paused run is resumed twice (a crash before the new state was saved)', async () => {
    network.openai.script(
      {
        toolCalls: [
          { id: 'call_refund', name: 'refund_order', arguments: { orderId: 'A-1042', amountEur: 20, reason: 'late' } },
        ],
      },
      { content: 'Refunded.' },
      { content: 'Refunded.' },
    );
    const shop = createShop();
    const store = new MemoryIdempotencyStore();
    const paused = await shop.agent({ idempotency: store }).start({ role: 'support', task: 'Refund A-1042' });
    const saved = JSON.stringify(paused.state);
    const approve = { toolCallId: 'call_refund', approved: true, by: 'lead' };

    const first = await shop.agent({ idempotency: store }).resume(saved, approve);
    // The worker died before storing `first.state`: the same paused state is resumed again.
    const retry = await shop.agent({ idempotency: store }).resume(saved, approve);

    expect(first.status).toBe('done');
    expect(retry.status).toBe('done');
    expect(shop.effects.refunds).toHaveLength(1);
    expect(retry.outcomes.at(-1)).toMatchObject({ toolCallId: 'call_refund', status: 'replayed' });
    expect(JSON.parse(retry.outcomes.at(-1)?.content ?? '{}')).toMatchObject({
      ok: true,
      output: { refundId: 'rf-1' },
    });
    expect(store.size).toBe(1);
  });

  it('a new run may apply the same effect again (the key is scoped to the run)', async () => {
    const call = { name: 'send_receipt', arguments: { orderId: 'A-1042', to: 'jane.doe@example.com' } };
    network.openai.script({ toolCalls: [call] }, { content: 'sent' }, { toolCalls: [call] }, { content: 'sent again' });
    const shop = createShop();
    const store = new MemoryIdempotencyStore();
    await shop.agent({ idempotency: store }).start({ role: 'support', task: 'Receipt please', runId: 'monday' });
    await shop.agent({ idempotency: store }).start({ role: 'support', task: 'Receipt again please', runId: 'friday' });
    expect(shop.effects.receipts).toHaveLength(2);
  });
});
