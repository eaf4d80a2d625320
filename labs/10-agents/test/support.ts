/**
 * Shared by the DoD tests: the code under test as the evaluation needs it, the test splits, and a
 * shop agent for the end-to-end checks. Each split is evaluated once per file (lazily, so a
 * starter's TODO fails each test with its own message).
 */
import { Agent, type AgentOptions } from '@lab/agent.ts';
import { MemoryIdempotencyStore } from '@lab/idempotency.ts';
import { SHOP_LIMITS } from '@lab/limits.ts';
import { connectMcp, listMcpTools, mcpTools } from '@lab/mcp/client.ts';
import { admitTools, approveTools } from '@lab/mcp/pins.ts';
import { SHOP_POLICY } from '@lab/policy.ts';
import { FakeClock } from '@workshop/testkit';
import type { AgentPieces } from '../eval/scenarios.ts';
import type { PinPieces } from '../eval/server-changes.ts';
import { type LinkedShop, linkedShop, REVIEWED_SIDE_EFFECTS, scopeFor } from '../eval/shop-kit.ts';

export const agentPieces: AgentPieces = {
  Agent,
  connectMcp,
  listMcpTools,
  mcpTools,
  approveTools,
  MemoryIdempotencyStore,
  policy: SHOP_POLICY,
  limits: SHOP_LIMITS,
};

export const pinPieces: PinPieces = {
  connectMcp: (transport) => connectMcp(transport),
  listMcpTools,
  approveTools,
  admitTools,
};

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

/** A shop server in memory, approved as reviewed, and agents on it. */
export async function shopWithAgents(): Promise<
  LinkedShop & { clock: FakeClock; agent(options?: Partial<AgentOptions>): Agent }
> {
  const linked = await linkedShop((transport) => connectMcp(transport));
  const pins = approveTools(await listMcpTools(linked.client), REVIEWED_SIDE_EFFECTS);
  const clock = new FakeClock();
  return {
    ...linked,
    clock,
    agent: (options = {}) =>
      new Agent({
        model: options.model ?? (undefined as never),
        tools: mcpTools(linked.client, pins),
        policy: SHOP_POLICY,
        limits: SHOP_LIMITS,
        clock,
        wallClock: () => EPOCH + clock.now(),
        ...options,
      }),
  };
}

export { scopeFor };
