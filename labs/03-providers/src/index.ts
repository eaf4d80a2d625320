/**
 * Providers and vendor risk: a provider-agnostic resilience layer for any `ChatModel` (timeouts,
 * retries, circuit breakers, fallback chains with an overall deadline), snapshot pinning, the
 * support assistant's chain, and the weighted rubric that chose its vendors.
 */
export * from './attempts.ts';
export * from './backoff.ts';
export * from './chain.ts';
export * from './circuit-breaker.ts';
export * from './decision.ts';
export * from './fallback-model.ts';
export * from './pinned-model-error.ts';
export * from './pinning.ts';
export * from './policy.ts';
export * from './portability.ts';
export * from './providers.ts';
export * from './resilient-model.ts';
export * from './rubric.ts';
