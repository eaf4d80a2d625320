/**
 * Agents with tool boundaries: MCP tools admitted by pinned fingerprints, a schema-checked tool
 * registry, a loop with step, tool-call, token, cost and time limits, per-role and per-customer
 * permissions with human approval, sealed paused runs, side effects run once, and a hash-chained
 * audit log.
 */
export * from './agent.ts';
export * from './audit/events.ts';
export * from './audit/log.ts';
export * from './audit/redact.ts';
export * from './audit/sinks.ts';
export * from './errors.ts';
export * from './idempotency.ts';
export * from './limits.ts';
export * from './mcp/client.ts';
export * from './mcp/pins.ts';
export * from './paused.ts';
export * from './policy.ts';
export * from './state.ts';
export * from './timeout.ts';
export * from './tools.ts';
