export {
  OPENAI_DEFAULT_BASE_URL,
  OpenAIChatModel,
  type OpenAIChatModelOptions,
  type OpenAIClientOptions,
} from './chat-model.ts';
export {
  KNOWN_OPENAI_DIMENSIONS,
  OPENAI_MAX_EMBEDDING_INPUTS,
  OpenAIEmbeddingModel,
  type OpenAIEmbeddingModelOptions,
} from './embedding-model.ts';
export { toProviderError as openAIErrorToProviderError } from './errors.ts';
// The Chat Completions body the adapter sends, for code that writes requests instead of sending
// them (OpenAI Batch API files): one translation, so a batch line and a live call never differ.
export { type BaseParams as ChatCompletionParams, buildParams as toChatCompletionParams } from './request.ts';
