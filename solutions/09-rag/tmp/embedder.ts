import { createEmbeddingModel, type EmbeddingModel } from '@workshop/llm';
export function labEmbedder(): EmbeddingModel {
  return createEmbeddingModel({ LLM_PROVIDER: 'offline', ...(process.env.OFFLINE_EMBEDDING_MODEL ? { OFFLINE_EMBEDDING_MODEL: process.env.OFFLINE_EMBEDDING_MODEL } : {}) });
}
