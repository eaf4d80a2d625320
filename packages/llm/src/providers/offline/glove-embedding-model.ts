import { DEFAULT_PRICES, type PriceTable } from '../../pricing/cost.ts';
import type { EmbeddingModel, EmbeddingResult, EmbedOptions } from '../../spec/embedding.ts';
import { ProviderError } from '../../spec/errors.ts';
import { checkOfflineEmbedCall, offlineEmbeddingResult } from './embed-call.ts';
import { GLOVE_ALGORITHM_VERSION, gloveEmbedding } from './glove.ts';
import { GLOVE_TABLE_ID, loadGloveTable } from './glove-table.ts';

/** Options of the GloVe embedding model. */
export interface GloveEmbeddingModelOptions {
  /** Price table for `cost`. Default: the built-in table (offline is priced at 0). */
  prices?: PriceTable;
}

const PROVIDER = 'offline';

/** Vector length of the committed table. */
export const GLOVE_DIMENSIONS = 100;

/**
 * Semantic offline embeddings: SIF-weighted averages of GloVe word vectors (see `glove.ts`), from a
 * table committed with the package. No key, no network, deterministic; unit-length vectors. The
 * table (5.4 MB) is read on the first `embed` call, once per process.
 */
export class GloveEmbeddingModel implements EmbeddingModel {
  readonly provider = PROVIDER;
  readonly modelId = 'offline-glove';
  readonly version = `offline-glove/${GLOVE_TABLE_ID}/${GLOVE_ALGORITHM_VERSION}/${GLOVE_DIMENSIONS}d`;
  readonly dimensions = GLOVE_DIMENSIONS;
  readonly normalized = true;
  readonly maxBatchSize = 2048;
  private readonly prices: PriceTable;

  constructor(options: GloveEmbeddingModelOptions = {}) {
    this.prices = options.prices ?? DEFAULT_PRICES;
  }

  async embed(texts: string[], options: EmbedOptions = {}): Promise<EmbeddingResult> {
    checkOfflineEmbedCall(texts, options, this.maxBatchSize);
    const table = await loadGloveTable().catch((error: unknown) => {
      throw new ProviderError('config', PROVIDER, error instanceof Error ? error.message : String(error), {
        cause: error,
      });
    });
    if (table.dimensions !== this.dimensions) {
      throw new ProviderError(
        'config',
        PROVIDER,
        `the GloVe table has ${table.dimensions} dimensions, expected ${this.dimensions}`,
      );
    }
    const embeddings = texts.map((text) => gloveEmbedding(text, table));
    return offlineEmbeddingResult(texts, embeddings, this.modelId, this.prices);
  }
}
