/** What the in-process embedding models share: the call checks and the result they return. */
import { costOf, type PriceTable } from '../../pricing/cost.ts';
import type { EmbeddingResult, EmbedOptions } from '../../spec/embedding.ts';
import { ProviderError } from '../../spec/errors.ts';
import { countTokens } from '../../tokens/count.ts';
import { checkEmbeddingTexts } from '../shared/embedding-input.ts';
import { makeUsage } from '../shared/usage.ts';

const PROVIDER = 'offline';

/**
 * Reject an aborted call, an empty text or an oversized batch the way the network adapters do, so
 * code that runs offline does not break on a live provider.
 */
export function checkOfflineEmbedCall(texts: readonly string[], options: EmbedOptions, maxBatchSize: number): void {
  if (options.signal?.aborted) throw new ProviderError('aborted', PROVIDER, 'the call was aborted by the caller');
  checkEmbeddingTexts(PROVIDER, texts);
  if (texts.length > maxBatchSize) {
    throw new ProviderError(
      'invalid_request',
      PROVIDER,
      `embed() got ${texts.length} texts; the maximum batch is ${maxBatchSize}`,
    );
  }
}

/** The result of an offline call: tokens counted with the tokenizer, priced from the table (0 by default). */
export function offlineEmbeddingResult(
  texts: readonly string[],
  embeddings: number[][],
  modelId: string,
  prices: PriceTable,
): EmbeddingResult {
  const usage = makeUsage(
    texts.reduce((sum, text) => sum + countTokens(text), 0),
    0,
  );
  return { embeddings, usage, cost: costOf(PROVIDER, modelId, usage, prices) };
}
