import type { Cost, TokenUsage } from './usage.ts';

/** Options for one embedding call. */
export interface EmbedOptions {
  /** Abort the call: the adapter rejects with a `ProviderError` of kind `aborted`. */
  signal?: AbortSignal;
}

/** The result of embedding a batch of texts. */
export interface EmbeddingResult {
  /** One vector per input text, in input order; each of length `EmbeddingModel.dimensions`. */
  embeddings: number[][];
  /** Tokens consumed (estimated for the offline provider). Only `inputTokens` is non-zero. */
  usage: TokenUsage;
  /** Cost from the price table. */
  cost: Cost;
}

/** A text embedding model. */
export interface EmbeddingModel {
  /** Provider id: `openai`, `ollama`, `offline`, or a custom one. */
  readonly provider: string;
  /** Model id, e.g. `text-embedding-3-small`, `nomic-embed-text`, `offline-hash-v1`. */
  readonly modelId: string;
  /**
   * Version of the model's vector space. Store it with every vector: vectors from
   * different versions must not be compared.
   */
  readonly version: string;
  /** Length of every vector this model returns. */
  readonly dimensions: number;
  /** Whether returned vectors have unit L2 norm (then dot product equals cosine). */
  readonly normalized: boolean;
  /** Largest number of texts accepted in one `embed` call; callers batch above it. */
  readonly maxBatchSize: number;
  /** Embed texts, in order. Errors are `ProviderError`s. */
  embed(texts: string[], options?: EmbedOptions): Promise<EmbeddingResult>;
}
