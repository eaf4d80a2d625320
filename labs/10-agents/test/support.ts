/**
 * A shop agent for the end-to-end checks (DoD-5 and the given tests). It imports the whole agent, so
 * a DoD file that judges less must not import it (`./once.ts` imports no code under test): a save
 * re-runs only the checkpoints that can change.
 */
import { Agent, type AgentOptions } from '@lab/agent.ts';
import { SHOP_LIMITS } from '@lab/limits.ts';
import { connectMcp, listMcpTools, mcpTools } from '@lab/mcp/client.ts';
import { approveTools } from '@lab/mcp/pins.ts';
import { SHOP_POLICY } from '@lab/policy.ts';
import { FakeClock } from '@workshop/testkit';
import { type LinkedShop, linkedShop, REVIEWED_SIDE_EFFECTS } from '../eval/shop-kit.ts';

/** The wall clock of a test: a fixed date plus the fake clock's time. */
export const EPOCH = Date.UTC(2025, 5, 2, 9, 0, 0);

/** A shop server in memory, approved as reviewed, and agents on it (pass at least `model`). */
export async function shopWithAgents(): Promise<
  LinkedShop & { clock: FakeClock; agent(options: Partial<AgentOptions> & Pick<AgentOptions, 'model'>): Agent }
> {
  const linked = await linkedShop((transport) => connectMcp(transport));
  const pins = approveTools(await listMcpTools(linked.client), REVIEWED_SIDE_EFFECTS);
  const clock = new FakeClock();
  return {
    ...linked,
    clock,
    agent: (options) =>
      new Agent({
        tools: mcpTools(linked.client, pins),
        policy: SHOP_POLICY,
        limits: SHOP_LIMITS,
        clock,
        wallClock: () => EPOCH + clock.now(),
        ...options,
      }),
  };
}
