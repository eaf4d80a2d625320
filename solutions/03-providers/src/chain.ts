import type { ChatModel } from '@workshop/llm';
import type { BreakerOptions } from './circuit-breaker.ts';
import { FallbackChatModel, type FallbackOptions } from './fallback-model.ts';
import { type ResilienceOptions, ResilientChatModel } from './resilient-model.ts';

/** Options of `resilientChain`. */
export interface ChainOptions extends Omit<ResilienceOptions, 'breaker'> {
  /** Breaker settings; every provider gets its OWN breaker (one vendor's outage must not open another's). */
  breaker?: Omit<Partial<BreakerOptions>, 'clock'>;
  /** Options of the fallback layer. Give `onAttempt` here OR at the top level, not both, or you count twice. */
  fallback?: FallbackOptions;
}

/**
 * The usual composition: each model wrapped in a `ResilientChatModel` (timeout, retries, its
 * own breaker), chained in order of preference, e.g. `resilientChain([openai, ollama, offline])`.
 */
export function resilientChain(models: ChatModel[], options: ChainOptions = {}): FallbackChatModel {
  const { fallback, breaker, ...resilience } = options;
  const members = models.map(
    (model) => new ResilientChatModel(model, { ...resilience, ...(breaker ? { breaker: { ...breaker } } : {}) }),
  );
  return new FallbackChatModel(members, { ...(options.clock ? { clock: options.clock } : {}), ...fallback });
}
