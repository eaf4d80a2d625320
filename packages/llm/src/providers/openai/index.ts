export {
  OPENAI_DEFAULT_BASE_URL,
  OpenAIChatModel,
  type OpenAIChatModelOptions,
  type OpenAIClientOptions,
} from './chat-model.ts';
export { KNOWN_OPENAI_DIMENSIONS, OpenAIEmbeddingModel, type OpenAIEmbeddingModelOptions } from './embedding-model.ts';
export { toProviderError as openAIErrorToProviderError } from './errors.ts';
