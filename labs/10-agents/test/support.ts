/**
 * Shared by the tests: evaluate once per file, and a shop agent for the end-to-end checks. Each DoD
 * file imports only the code it judges, so a save re-runs only the checkpoints that can change.
 */
import { Agent, type AgentOptions } from '@lab/agent.ts';
import { SHOP_LIMITS } from '@lab/limits.ts';
import { connectMcp, listMcpTools, mcpTools } from '@lab/mcp/client.ts';
import { approveTools } from '@lab/mcp/pins.ts';
import { SHOP_POLICY } from '@lab/policy.ts';
import { FakeClock } from '@workshop/testkit';
import { type LinkedShop, linkedShop, REVIEWED_SIDE_EFFECTS } from '../eval/shop-kit.ts';

/** Runs `make` on first use and hands every later caller the same promise (result or error). */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => {
    result ??= make();
    return result;
  };
}

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
