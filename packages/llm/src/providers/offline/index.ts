export { OfflineChatModel, type OfflineChatModelOptions } from './chat-model.ts';
export {
  OFFLINE_DEFAULT_DIMENSIONS,
  OfflineEmbeddingModel,
  type OfflineEmbeddingModelOptions,
} from './embedding-model.ts';
export { NO_ANSWER, SIMULATOR_PREFIX } from './extractive.ts';
export { GLOVE_ALGORITHM_VERSION, gloveEmbedding, gloveTokens } from './glove.ts';
export {
  GLOVE_DIMENSIONS,
  GloveEmbeddingModel,
  type GloveEmbeddingModelOptions,
} from './glove-embedding-model.ts';
export { GLOVE_TABLE_ID, type GloveTable, loadGloveTable } from './glove-table.ts';
export { HASHING_ALGORITHM_VERSION, hashEmbedding } from './hashing.ts';
export { STOPWORDS } from './stopwords.ts';
