import { DEFAULT_PRICES, type PriceTable } from '../../pricing/cost.ts';
import type { EmbeddingModel, EmbeddingResult, EmbedOptions } from '../../spec/embedding.ts';
import { ProviderError } from '../../spec/errors.ts';
import { checkOfflineEmbedCall, offlineEmbeddingResult } from './embed-call.ts';
import { HASHING_ALGORITHM_VERSION, hashEmbedding } from './hashing.ts';

/** Options of the offline embedding model. */
export interface OfflineEmbeddingModelOptions {
  /** Vector length. Default 384. More dimensions mean fewer hash collisions. */
  dimensions?: number;
  /** Price table for `cost`. Default: the built-in table (offline is priced at 0). */
  prices?: PriceTable;
}

const PROVIDER = 'offline';

/** Default vector length: small enough to be fast, large enough to keep collisions rare. */
export const OFFLINE_DEFAULT_DIMENSIONS = 384;

/**
 * Deterministic feature-hashing embeddings (see `hashing.ts`): lexical, not semantic,
 * but reproducible everywhere and free. Vectors are unit length. `GloveEmbeddingModel` is the
 * semantic offline alternative; `createEmbeddingModel` picks one with `OFFLINE_EMBEDDING_MODEL`.
 */
export class OfflineEmbeddingModel implements EmbeddingModel {
  readonly provider = PROVIDER;
  readonly modelId = 'offline-hash';
  readonly version: string;
  readonly dimensions: number;
  readonly normalized = true;
  readonly maxBatchSize = 2048;
  private readonly prices: PriceTable;

  constructor(options: OfflineEmbeddingModelOptions = {}) {
    const dimensions = options.dimensions ?? OFFLINE_DEFAULT_DIMENSIONS;
    if (!Number.isInteger(dimensions) || dimensions < 1) {
      throw new ProviderError(
        'config',
        PROVIDER,
        `offline embedding dimensions must be a positive integer, got ${dimensions}`,
      );
    }
    this.dimensions = dimensions;
    // The space changes with the algorithm and with the dimension count.
    this.version = `offline-hash/${HASHING_ALGORITHM_VERSION}/${dimensions}d`;
    this.prices = options.prices ?? DEFAULT_PRICES;
  }

  async embed(texts: string[], options: EmbedOptions = {}): Promise<EmbeddingResult> {
    checkOfflineEmbedCall(texts, options, this.maxBatchSize);
    const embeddings = texts.map((text) => hashEmbedding(text, this.dimensions));
    return offlineEmbeddingResult(texts, embeddings, this.modelId, this.prices);
  }
}
