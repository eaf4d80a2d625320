import type { TokenUsage } from '../../spec/usage.ts';

/** Build a `TokenUsage` with a consistent total; `cachedInputTokens` only when the provider reported some. */
export function makeUsage(inputTokens: number, outputTokens: number, cachedInputTokens?: number | null): TokenUsage {
  const usage: TokenUsage = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
  if (typeof cachedInputTokens === 'number' && cachedInputTokens > 0) usage.cachedInputTokens = cachedInputTokens;
  return usage;
}
