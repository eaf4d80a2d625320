import { authorize } from '@lab/policy.ts';
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { toolNamesOf, toolResultsOf } from './support/requests.ts';
import { createShop, INJECTED_PAGE, policy } from './support/shop.ts';

const network = useMockNetwork();

describe('DoD-4 each role has a tool allowlist, and text in a tool output cannot widen it', () => {
  it('decides from the policy: allowlist, approval for side effects, auto-approval where the role says so', () => {
    const { registry } = createShop();
    const tool = (name: string) => {
      const found = registry.get(name);
      if (!found) throw new Error(`no tool ${name}`);
      return found;
    };
    expect(authorize(policy, 'support', tool('lookup_order'))).toEqual({ kind: 'allow' });
    expect(authorize(policy, 'support', tool('send_receipt'))).toEqual({ kind: 'allow' });
    expect(authorize(policy, 'support', tool('refund_order'))).toMatchObject({ kind: 'needs_approval' });
    expect(authorize(policy, 'admin', tool('send_receipt'))).toMatchObject({ kind: 'needs_approval' });
    expect(authorize(policy, 'support', tool('delete_all'))).toMatchObject({
      kind: 'deny',
      reason: expect.stringMatching(/delete_all.*support/),
    });
    expect(() => authorize(policy, 'root', tool('lookup_order'))).toThrow(/unknown role "root"/);
  });

  it('refuses to start a run for a role the policy does not define, before any model call', async () => {
    const shop = createShop();
    await expect(shop.agent().start({ role: 'superuser', task: 'anything' })).rejects.toThrow(
      /^unknown role "superuser"; the policy defines: support, admin$/,
    );
    expect(network.openai.chatRequests).toHaveLength(0);
    // The same policy check guards every call of a run that did start:
    const deleteAll = shop.registry.get('delete_all');
    if (!deleteAll) throw new Error('delete_all is not registered');
    expect(authorize(policy, 'admin', deleteAll)).toMatchObject({ kind: 'needs_approval' });
  });

  it("advertises only the role's tools, and refuses a call outside the allowlist", async () => {
    network.openai.script(
      { toolCalls: [{ id: 'call_fetch', name: 'fetch_page', arguments: { path: '/help/shipping' } }] },
      // The model "obeys" the page: it asks for a tool its role does not have.
      { toolCalls: [{ id: 'call_delete', name: 'delete_all', arguments: {} }] },
      { content: 'Parcels arrive in 3 days.' },
    );
    const shop = createShop();

    const result = await shop.agent().start({ role: 'support', task: 'How long does shipping take?' });

    expect(result.status).toBe('done');
    expect(shop.effects.deleted).toBe(0);
    for (const request of network.openai.chatRequests) {
      expect(toolNamesOf(request).sort()).toEqual([...(policy.roles.support?.tools ?? [])].sort());
    }
    const [page, refusal] = toolResultsOf(network.openai.chatRequests[2]);
    // The page went back as data (a JSON string value), not as a new instruction turn.
    expect(page).toMatchObject({ toolCallId: 'call_fetch', ok: true, output: INJECTED_PAGE });
    expect(refusal).toMatchObject({ toolCallId: 'call_delete', ok: false });
    expect(refusal?.error).toMatch(/delete_all.*not allowed.*support/);
    expect(result.outcomes.map((o) => o.status)).toEqual(['ok', 'denied']);
  });

  it('keeps the role fixed for the whole run, whatever a tool output says', async () => {
    network.openai.script(
      { toolCalls: [{ name: 'fetch_page', arguments: { path: '/help/shipping' } }] },
      {
        toolCalls: [
          { name: 'delete_all', arguments: {} },
          { name: 'delete_all', arguments: { confirm: true } },
        ],
      },
      { toolCalls: [{ name: 'refund_order', arguments: { orderId: 'A-1042', amountEur: 10, reason: 'goodwill' } }] },
    );
    const shop = createShop();

    const result = await shop.agent().start({ role: 'support', task: 'Read the shipping page' });

    expect(shop.effects.deleted).toBe(0);
    expect(result.state.role).toBe('support');
    expect(toolNamesOf(network.openai.chatRequests.at(-1))).not.toContain('delete_all');
    // Still support's rules: the refund (a side effect) waits for a human instead of running.
    expect(result.status).toBe('awaiting_approval');
    expect(shop.effects.refunds).toEqual([]);
  });
});
