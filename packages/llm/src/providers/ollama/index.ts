export { OllamaChatModel, type OllamaChatModelOptions } from './chat-model.ts';
export { normalizeOllamaHost, OLLAMA_DEFAULT_HOST, type OllamaClientOptions } from './client.ts';
export { KNOWN_OLLAMA_DIMENSIONS, OllamaEmbeddingModel, type OllamaEmbeddingModelOptions } from './embedding-model.ts';
export { checkKeepAlive, parseGoDuration, parseOllamaKeepAlive } from './keep-alive.ts';
