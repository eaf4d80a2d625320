/**
 * Provider resilience and selection: a weighted rubric with an explained decision, and a
 * provider-agnostic `ChatModel` wrapper with timeout, retries, circuit breaker and fallback.
 */
export * from './attempts.ts';
export * from './backoff.ts';
export * from './chain.ts';
export * from './circuit-breaker.ts';
export * from './clock.ts';
export * from './decision.ts';
export * from './fallback-model.ts';
export * from './portability.ts';
export * from './resilient-model.ts';
export * from './rubric.ts';
