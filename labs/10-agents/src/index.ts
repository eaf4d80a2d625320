/**
 * Agents with tool boundaries: a schema-checked tool registry, a loop with step, token, cost
 * and time limits, per-role permissions with human approval, idempotent side effects, and a
 * hash-chained audit log.
 */
export * from './agent.ts';
export * from './audit/events.ts';
export * from './audit/log.ts';
export * from './audit/redact.ts';
export * from './audit/sinks.ts';
export * from './canonical.ts';
export * from './clock.ts';
export * from './errors.ts';
export * from './idempotency.ts';
export * from './limits.ts';
export * from './policy.ts';
export * from './state.ts';
export * from './timeout.ts';
export * from './tools.ts';
