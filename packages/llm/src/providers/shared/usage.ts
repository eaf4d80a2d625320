import type { TokenUsage } from '../../spec/usage.ts';

/** Build a `TokenUsage` with a consistent total. */
export function makeUsage(inputTokens: number, outputTokens: number): TokenUsage {
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
}
