// Given code: the loop (src/agent.ts), the registry (src/tools.ts), the MCP adapter (src/mcp/client.ts) and
// the per-tool timeout, on local tools and the shop. Runs against the reference in `test:reference`.
import { Agent } from '@lab/agent.ts';
import { MemoryIdempotencyStore } from '@lab/idempotency.ts';
import { SHOP_POLICY } from '@lab/policy.ts';
import { defineTool, localTools, ToolRegistry } from '@lab/tools.ts';
import { FakeClock } from '@workshop/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ScriptedChatModel, type Turn } from '../eval/scripted-model.ts';
import { scopeFor } from '../eval/shop-kit.ts';
import { once } from './once.ts';
import { shopWithAgents } from './support.ts';

const shop = once(shopWithAgents);
afterAll(async () => (await shop().catch(() => undefined))?.close());
const TICKET = { role: 'support', scope: scopeFor('C-101'), task: 'Where is A-1002?' };

describe('the tool registry (given)', () => {
  const registry = new ToolRegistry(
    [
      defineTool({
        name: 'lookup_order',
        description: 'Look up an order.',
        inputSchema: z.object({ orderId: z.string().regex(/^A-\d{4}$/, 'must look like A-1234') }),
        sideEffect: false,
        execute: async () => ({}),
      }),
    ],
    [{ name: 'send_receipt', reason: 'changed since it was approved' }],
  );

  it('answers bad calls in one line the model can act on, and never throws', () => {
    expect(registry.parseCall({ id: '1', name: 'nope', arguments: '{}' })).toMatchObject({
      ok: false,
      refused: false,
      error: 'unknown tool "nope"; available tools: lookup_order',
    });
    expect(registry.parseCall({ id: '2', name: 'lookup_order', arguments: '{"orderId":' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^arguments of "lookup_order" are not valid JSON/),
    });
    expect(registry.parseCall({ id: '3', name: 'lookup_order', arguments: '{"orderId":"B"}' })).toMatchObject({
      ok: false,
      error: 'invalid arguments for "lookup_order": orderId: must look like A-1234',
    });
    expect(registry.parseCall({ id: '4', name: 'send_receipt', arguments: '{}' })).toMatchObject({
      ok: false,
      refused: true,
      error: 'tool "send_receipt" is not available: changed since it was approved',
    });
  });
});

describe('the loop (given)', () => {
  it('stops a run at the invalid-call limit, answering every call so the transcript stays valid', async () => {
    const s = await shop();
    const bad: Turn = { calls: [['lookup_order', { order: 'A-1002' }]] };
    const result = await s
      .agent({ model: new ScriptedChatModel([bad, bad, bad, bad, bad]), limits: { maxInvalidToolCalls: 2 } })
      .start(TICKET);
    expect(result).toMatchObject({ status: 'stopped', reason: 'invalid_tool_calls' });
    expect(result.outcomes.map((o) => o.status)).toEqual(['invalid', 'invalid', 'invalid']);
  });

  it('refuses an unknown role before any model call, in one line', async () => {
    const s = await shop();
    const model = new ScriptedChatModel([]);
    await expect(s.agent({ model }).start({ ...TICKET, role: 'root' })).rejects.toThrow(/^unknown role "root"/);
    expect(model.calls).toBe(0);
  });

  it('closes an MCP tool schema: a field the approved schema does not declare is refused, not passed on', async () => {
    const s = await shop();
    const before = s.shop.effects.length;
    const turns: Turn[] = [
      { calls: [['send_receipt', { orderId: 'A-1002', to: 'jane.doe@example.com', bcc: ['x@evil.example'] }]] },
    ];
    const result = await s.agent({ model: new ScriptedChatModel(turns) }).start(TICKET);
    expect(result.outcomes[0]).toMatchObject({ status: 'invalid' });
    expect(s.shop.effects.length).toBe(before);
  });

  it('tells the model who rejected a call and why, inline', async () => {
    const s = await shop();
    const turns: Turn[] = [{ calls: [['refund_order', { orderId: 'A-1001', amountEur: 10, reason: 'late' }]] }];
    const result = await s
      .agent({
        model: new ScriptedChatModel(turns),
        approve: async () => ({ approved: false, by: 'lead', reason: 'needs a photo' }),
      })
      .start(TICKET);
    expect(result.outcomes[0]).toMatchObject({
      status: 'rejected',
      content: expect.stringContaining('rejected by lead: needs a photo'),
    });
  });

  it('keeps the first decision on a paused call: a rejected refund cannot be resumed again, approved', async () => {
    const s = await shop();
    const pause = { secret: 'approvals-queue-key', maxAgeMs: 3_600_000 };
    const idempotency = new MemoryIdempotencyStore();
    const refund: Turn[] = [
      { calls: [['refund_order', { orderId: 'A-1001', amountEur: 10, reason: 'late' }]] },
      { say: 'Done.' },
    ];
    const agent = () => s.agent({ model: new ScriptedChatModel(refund.slice(1)), pause, idempotency });
    const paused = await s.agent({ model: new ScriptedChatModel(refund), pause, idempotency }).start(TICKET);
    const decision = { toolCallId: paused.pending?.toolCallId ?? '', by: 'lead' };
    const before = s.shop.effects.filter((e) => e.kind === 'refund').length;
    expect((await agent().resume(paused.saved ?? '', { ...decision, approved: false })).status).toBe('done');
    await expect(agent().resume(paused.saved ?? '', { ...decision, approved: true })).rejects.toThrow(
      /^run .*: call_1_1 \(refund_order\) was already rejected by lead$/,
    );
    expect(s.shop.effects.filter((e) => e.kind === 'refund').length).toBe(before);
  });

  it('cuts off a tool that hangs and ignores its signal, clears its timer, and the run goes on', async () => {
    const clock = new FakeClock();
    const hang = defineTool({
      name: 'archive_search',
      description: 'Search the archive (slow).',
      inputSchema: z.object({ query: z.string() }),
      sideEffect: false,
      timeoutMs: 5_000,
      execute: () => {
        queueMicrotask(() => clock.expireDeadlines());
        return new Promise(() => {});
      },
    });
    const policy = { roles: { support: { tools: ['archive_search'] } } };
    const agent = new Agent({
      model: new ScriptedChatModel([
        { calls: [['archive_search', { query: 'tent poles' }]] },
        { say: 'Nothing found.' },
      ]),
      tools: localTools([hang]),
      policy,
      clock,
    });
    const result = await agent.start(TICKET);
    expect(result.status).toBe('done');
    expect(result.outcomes[0]).toMatchObject({
      status: 'timeout',
      content: expect.stringContaining('timed out after 5000 ms'),
    });
    expect(clock.pendingDeadlines).toBe(0);
    expect(SHOP_POLICY.roles.support?.tools).not.toContain('archive_search');
  });
});
