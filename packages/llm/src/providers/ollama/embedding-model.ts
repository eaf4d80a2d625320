import type { EmbedResponse } from 'ollama';
import { costOf, DEFAULT_PRICES, type PriceTable } from '../../pricing/cost.ts';
import type { EmbeddingModel, EmbeddingResult, EmbedOptions } from '../../spec/embedding.ts';
import { ProviderError } from '../../spec/errors.ts';
import { countTokens } from '../../tokens/count.ts';
import { checkEmbeddingTexts } from '../shared/embedding-input.ts';
import { makeUsage } from '../shared/usage.ts';
import { clientForCall, normalizeOllamaHost, type OllamaClientOptions } from './client.ts';
import { toProviderError } from './errors.ts';
import { checkKeepAlive } from './keep-alive.ts';

const PROVIDER = 'ollama';

/** Options of `OllamaEmbeddingModel`. */
export interface OllamaEmbeddingModelOptions extends OllamaClientOptions {
  /** Model name. Default `nomic-embed-text`. */
  model?: string;
  /** Native vector length; required for models missing from `KNOWN_OLLAMA_DIMENSIONS`. */
  dimensions?: number;
  /** Texts per request; larger inputs are split. Default 256. */
  maxBatchSize?: number;
  /** Price table for `cost`. Default: the built-in table (local models at 0). */
  prices?: PriceTable;
}

/** Native vector length of common Ollama embedding models (tags like `:latest` are ignored). */
export const KNOWN_OLLAMA_DIMENSIONS: Readonly<Record<string, number>> = {
  'nomic-embed-text': 768,
  'mxbai-embed-large': 1024,
  'all-minilm': 384,
  'snowflake-arctic-embed': 1024,
  'bge-m3': 1024,
};

/** Embeddings from a local model through Ollama's `/api/embed`, which returns unit-length vectors. */
export class OllamaEmbeddingModel implements EmbeddingModel {
  readonly provider = PROVIDER;
  readonly modelId: string;
  readonly version: string;
  readonly dimensions: number;
  readonly normalized = true;
  readonly maxBatchSize: number;
  /** Server URL. */
  readonly host: string;
  private readonly keepAlive: string | number | undefined;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch | undefined;
  private readonly prices: PriceTable;

  constructor(options: OllamaEmbeddingModelOptions = {}) {
    this.modelId = options.model ?? 'nomic-embed-text';
    const dimensions = options.dimensions ?? KNOWN_OLLAMA_DIMENSIONS[this.modelId.replace(/:latest$/, '')];
    if (dimensions === undefined || !Number.isInteger(dimensions) || dimensions < 1) {
      throw new ProviderError(
        'config',
        PROVIDER,
        `unknown vector length for Ollama embedding model "${this.modelId}": set OLLAMA_EMBEDDING_DIMENSIONS (or the dimensions option)`,
      );
    }
    this.dimensions = dimensions;
    this.host = normalizeOllamaHost(options.host);
    checkKeepAlive(options.keepAlive);
    this.keepAlive = options.keepAlive;
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.fetchImpl = options.fetch;
    this.maxBatchSize = options.maxBatchSize ?? 256;
    this.prices = options.prices ?? DEFAULT_PRICES;
    this.version = `ollama/${this.modelId}/${dimensions}d`;
  }

  async embed(texts: string[], options: EmbedOptions = {}): Promise<EmbeddingResult> {
    checkEmbeddingTexts(PROVIDER, texts);
    const embeddings: number[][] = [];
    let inputTokens = 0;
    for (let start = 0; start < texts.length; start += this.maxBatchSize) {
      const batch = texts.slice(start, start + this.maxBatchSize);
      const call = clientForCall(this.host, this.timeoutMs, options.signal, this.fetchImpl);
      let answer: EmbedResponse;
      try {
        answer = await call.client.embed({
          model: this.modelId,
          input: batch,
          ...(this.keepAlive !== undefined ? { keep_alive: this.keepAlive } : {}),
        });
      } catch (error) {
        throw toProviderError(error, {
          host: this.host,
          model: this.modelId,
          signal: options.signal,
          timeoutSignal: call.timeoutSignal,
          timeoutMs: this.timeoutMs,
          responded: call.responded(),
        });
      }
      embeddings.push(...this.checkBatch(answer?.embeddings, batch.length));
      inputTokens += answer.prompt_eval_count ?? batch.reduce((n, text) => n + countTokens(text, this.modelId), 0);
    }
    const usage = makeUsage(inputTokens, 0);
    return { embeddings, usage, cost: costOf(PROVIDER, this.modelId, usage, this.prices) };
  }

  private checkBatch(vectors: number[][] | undefined, expected: number): number[][] {
    if (!Array.isArray(vectors) || vectors.length !== expected) {
      throw new ProviderError(
        'bad_response',
        PROVIDER,
        `expected ${expected} embeddings from ${this.host}, got ${vectors?.length ?? 0}`,
      );
    }
    for (const vector of vectors) {
      if (!Array.isArray(vector) || vector.length !== this.dimensions) {
        throw new ProviderError(
          'bad_response',
          PROVIDER,
          `embedding from ${this.host} has ${Array.isArray(vector) ? vector.length : 0} dimensions, expected ${this.dimensions} (set OLLAMA_EMBEDDING_DIMENSIONS?)`,
        );
      }
    }
    return vectors;
  }
}
