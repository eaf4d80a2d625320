import type OpenAI from 'openai';
import { costOf, DEFAULT_PRICES, type PriceTable } from '../../pricing/cost.ts';
import type { EmbeddingModel, EmbeddingResult, EmbedOptions } from '../../spec/embedding.ts';
import { ProviderError } from '../../spec/errors.ts';
import { checkEmbeddingTexts } from '../shared/embedding-input.ts';
import { makeUsage } from '../shared/usage.ts';
import { createOpenAIClient, type OpenAIClientOptions } from './chat-model.ts';
import { toProviderError } from './errors.ts';

/** Options of `OpenAIEmbeddingModel`. */
export interface OpenAIEmbeddingModelOptions extends OpenAIClientOptions {
  /** Model id. Default `text-embedding-3-small`. */
  model?: string;
  /**
   * Vector length. For `text-embedding-3-*` it is sent as the `dimensions` parameter (the API
   * shortens the vectors); for other models it declares their native length and is required
   * unless the model is in `KNOWN_OPENAI_DIMENSIONS`.
   */
  dimensions?: number;
  /** Texts per request, 1 to 2048 (the API's limit); larger inputs are split into several requests. Default 2048. */
  maxBatchSize?: number;
  /** Whether the server returns unit-length vectors. Default: true for OpenAI models, false otherwise. */
  normalized?: boolean;
}

/** Inputs OpenAI accepts in one embeddings request; `embed()` splits larger lists into several requests. */
export const OPENAI_MAX_EMBEDDING_INPUTS = 2048;

/** Native vector length of OpenAI's embedding models. */
export const KNOWN_OPENAI_DIMENSIONS: Readonly<Record<string, number>> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

/** Embeddings over the OpenAI API (or a compatible server), with the official client. */
export class OpenAIEmbeddingModel implements EmbeddingModel {
  readonly provider: string;
  readonly modelId: string;
  readonly version: string;
  readonly dimensions: number;
  readonly normalized: boolean;
  readonly maxBatchSize: number;
  /** Base URL the client talks to. */
  readonly baseURL: string;
  private readonly client: OpenAI;
  private readonly prices: PriceTable;
  private readonly sendDimensions: boolean;

  constructor(options: OpenAIEmbeddingModelOptions = {}) {
    this.provider = options.providerName ?? 'openai';
    this.modelId = options.model ?? 'text-embedding-3-small';
    const known = KNOWN_OPENAI_DIMENSIONS[this.modelId];
    const dimensions = options.dimensions ?? known;
    if (dimensions === undefined || !Number.isInteger(dimensions) || dimensions < 1) {
      throw new ProviderError(
        'config',
        this.provider,
        `unknown vector length for embedding model "${this.modelId}": set OPENAI_EMBEDDING_DIMENSIONS (or the dimensions option) to a positive integer`,
      );
    }
    this.dimensions = dimensions;
    // Only the v3 models accept `dimensions`; others would answer 400.
    this.sendDimensions = options.dimensions !== undefined && this.modelId.startsWith('text-embedding-3');
    const { client, baseURL } = createOpenAIClient(options);
    this.client = client;
    this.baseURL = baseURL;
    this.normalized = options.normalized ?? known !== undefined;
    const maxBatchSize = options.maxBatchSize ?? OPENAI_MAX_EMBEDDING_INPUTS;
    if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1 || maxBatchSize > OPENAI_MAX_EMBEDDING_INPUTS) {
      throw new ProviderError(
        'config',
        this.provider,
        `maxBatchSize must be an integer from 1 to ${OPENAI_MAX_EMBEDDING_INPUTS} (the API refuses more inputs per request), got ${maxBatchSize}`,
      );
    }
    this.maxBatchSize = maxBatchSize;
    this.version = `${this.provider}/${this.modelId}/${dimensions}d`;
    this.prices = options.prices ?? DEFAULT_PRICES;
  }

  async embed(texts: string[], options: EmbedOptions = {}): Promise<EmbeddingResult> {
    checkEmbeddingTexts(this.provider, texts);
    const embeddings: number[][] = [];
    let inputTokens = 0;
    for (let start = 0; start < texts.length; start += this.maxBatchSize) {
      const batch = texts.slice(start, start + this.maxBatchSize);
      let result: Awaited<ReturnType<OpenAI['embeddings']['create']>>;
      try {
        result = await this.client.embeddings.create(
          {
            model: this.modelId,
            input: batch,
            // Floats, not the client's default base64: not every compatible server speaks base64.
            encoding_format: 'float',
            ...(this.sendDimensions ? { dimensions: this.dimensions } : {}),
          },
          { signal: options.signal ?? null },
        );
      } catch (error) {
        throw toProviderError(error, {
          provider: this.provider,
          baseURL: this.baseURL,
          model: this.modelId,
          signal: options.signal,
        });
      }
      embeddings.push(...this.checkBatch(result.data, batch.length));
      inputTokens += result.usage?.prompt_tokens ?? 0;
    }
    const usage = makeUsage(inputTokens, 0);
    return { embeddings, usage, cost: costOf(this.provider, this.modelId, usage, this.prices) };
  }

  /** Put vectors back in input order and check they are what we promised. */
  private checkBatch(
    data: { index: number; embedding: number[] | string }[] | undefined,
    expected: number,
  ): number[][] {
    if (!Array.isArray(data) || data.length !== expected) {
      throw new ProviderError(
        'bad_response',
        this.provider,
        `expected ${expected} embeddings from ${this.baseURL}, got ${data?.length ?? 0}`,
      );
    }
    const ordered = [...data].sort((a, b) => a.index - b.index);
    return ordered.map(({ embedding }) => {
      if (!Array.isArray(embedding) || embedding.length !== this.dimensions) {
        const got = Array.isArray(embedding) ? `${embedding.length} dimensions` : typeof embedding;
        throw new ProviderError(
          'bad_response',
          this.provider,
          `embedding from ${this.baseURL} has ${got}, expected ${this.dimensions}`,
        );
      }
      return embedding;
    });
  }
}
