/**
 * The models the DoD and the dev report measure with: the workshop's default offline embedding
 * model (whatever `@workshop/llm`'s factory picks for `LLM_PROVIDER=offline`) and the extractive
 * chat simulator. Pinned here, not read from your `.env`, so a threshold you calibrate on dev is
 * judged on test with the same embedding space.
 * Given code: the same file in the starter and the solution.
 */
import { type ChatModel, createEmbeddingModel, type EmbeddingModel, OfflineChatModel } from '@workshop/llm';

/** The offline embedding model the lab is calibrated for. */
export function labEmbedder(): EmbeddingModel {
  return createEmbeddingModel({ LLM_PROVIDER: 'offline' });
}

/** The offline extractive chat simulator (quotes the sources' best-matching sentences with their markers). */
export function labChat(): ChatModel {
  return new OfflineChatModel();
}
