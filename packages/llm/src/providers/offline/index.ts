export { OfflineChatModel, type OfflineChatModelOptions } from './chat-model.ts';
export {
  OFFLINE_DEFAULT_DIMENSIONS,
  OfflineEmbeddingModel,
  type OfflineEmbeddingModelOptions,
} from './embedding-model.ts';
export { NO_ANSWER, SIMULATOR_PREFIX } from './extractive.ts';
export { HASHING_ALGORITHM_VERSION, hashEmbedding } from './hashing.ts';
