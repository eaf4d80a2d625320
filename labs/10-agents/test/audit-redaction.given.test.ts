import { rmSync } from 'node:fs';
import type { AuditLog } from '@lab/audit/log.ts';
import { redactPII } from '@lab/audit/redact.ts';
import { useMockNetwork } from '@workshop/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createShop } from './support/shop.ts';

const network = useMockNetwork();

const CARD = '4111 1111 1111 1111';
const PHONE = '+41 44 668 18 00';
const EMAIL = 'jane.doe@example.com';

/** Run the refund story (a lookup, a paused refund, an approval, a receipt) into `log`. */
async function _auditedRun(log: AuditLog) {
  network.openai.script(
    {
      toolCalls: [{ id: 'c1', name: 'lookup_order', arguments: { orderId: 'A-1042' } }],
      usage: { inputTokens: 400, outputTokens: 30 },
    },
    {
      toolCalls: [
        {
          id: 'c2',
          name: 'refund_order',
          arguments: { orderId: 'A-1042', amountEur: 20, reason: `card ${CARD}, call back on ${PHONE}` },
        },
      ],
      usage: { inputTokens: 500, outputTokens: 40 },
    },
    {
      toolCalls: [{ id: 'c3', name: 'send_receipt', arguments: { orderId: 'A-1042', to: EMAIL } }],
      usage: { inputTokens: 600, outputTokens: 20 },
    },
    { content: 'Done: refunded and receipt sent.', usage: { inputTokens: 700, outputTokens: 10 } },
  );
  const shop = createShop();
  const agent = shop.agent({ audit: log });
  const paused = await agent.start({ role: 'support', task: `Refund A-1042 and mail ${EMAIL}`, runId: 'run-audit' });
  const done = await agent.resume(JSON.stringify(paused.state), { toolCallId: 'c2', approved: true, by: 'lead' });
  return { shop, done };
}

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The log's lines (without the final newline). */
function _linesOf(text: string): string[] {
  return text.trimEnd().split('\n');
}

// Given code (not a checkpoint): runs in the lab's `pnpm test` against the solution.
describe('audit redaction (given)', () => {
  it('redacts e-mail addresses, card numbers and phone numbers, and leaves ordinary numbers alone', () => {
    expect(redactPII(`mail ${EMAIL} now`)).toBe('mail [EMAIL] now');
    expect(redactPII(`card ${CARD} or 5500-0000-0000-0004`)).toBe('card [CREDIT_CARD] or [CREDIT_CARD]');
    expect(redactPII(`call ${PHONE} or (555) 123-4567`)).toBe('call [PHONE] or [PHONE]');
    const plain = 'order A-1042 of 2025-01-15: 129.90 EUR, 3 items, ref 4111 1111 1111 1112';
    expect(redactPII(plain)).toBe(plain);
  });
});
