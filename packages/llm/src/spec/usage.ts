/** Token counts for one model call, as reported by the provider (or estimated offline). */
export interface TokenUsage {
  /** Tokens in the prompt: system, history, tool definitions, context. */
  inputTokens: number;
  /** Tokens the model generated, including tool-call arguments. */
  outputTokens: number;
  /** `inputTokens + outputTokens`. */
  totalTokens: number;
  /**
   * Of `inputTokens`, those the provider served from its prompt cache (OpenAI:
   * `usage.prompt_tokens_details.cached_tokens`), billed at the cached-input price. Absent when
   * the provider reports none (or does not report it).
   */
  cachedInputTokens?: number;
}

/** What a call cost, in US dollars, computed from the price table in `pricing/prices.json`. */
export interface Cost {
  /** Cost of the input tokens. */
  inputUsd: number;
  /** Cost of the output tokens. */
  outputUsd: number;
  /** `inputUsd + outputUsd`. */
  totalUsd: number;
  /**
   * False when the model is not in the price table: the figures are then zero, and
   * the caller should not treat the call as free.
   */
  priced: boolean;
}
