import { OfflineChatModel } from '../providers/offline/chat-model.ts';
import { OfflineEmbeddingModel } from '../providers/offline/embedding-model.ts';
import { GLOVE_DIMENSIONS, GloveEmbeddingModel } from '../providers/offline/glove-embedding-model.ts';
import { OllamaChatModel } from '../providers/ollama/chat-model.ts';
import { normalizeOllamaHost } from '../providers/ollama/client.ts';
import { OllamaEmbeddingModel } from '../providers/ollama/embedding-model.ts';
import { OPENAI_DEFAULT_BASE_URL, OpenAIChatModel } from '../providers/openai/chat-model.ts';
import { OpenAIEmbeddingModel } from '../providers/openai/embedding-model.ts';
import type { ChatModel } from '../spec/chat.ts';
import type { EmbeddingModel } from '../spec/embedding.ts';
import { ProviderError } from '../spec/errors.ts';
import { type Env, type ProviderId, readChoice, readPositiveInt, readProvider, readUrl, readVar } from './env.ts';

/** The offline embedding models: `hash` (lexical feature hashing), `glove` (GloVe word vectors, semantic). */
export const OFFLINE_EMBEDDING_MODELS = ['hash', 'glove'] as const;
/** One of `OFFLINE_EMBEDDING_MODELS`. */
export type OfflineEmbeddingModelName = (typeof OFFLINE_EMBEDDING_MODELS)[number];

/** Defaults applied when a variable is unset. */
export const ENV_DEFAULTS = {
  LLM_PROVIDER: 'offline',
  OPENAI_MODEL: 'gpt-4o-mini',
  OPENAI_EMBEDDING_MODEL: 'text-embedding-3-small',
  OLLAMA_HOST: 'http://127.0.0.1:11434',
  OLLAMA_MODEL: 'llama3.2',
  OLLAMA_EMBEDDING_MODEL: 'nomic-embed-text',
  OFFLINE_EMBEDDING_MODEL: 'glove' as OfflineEmbeddingModelName,
  OFFLINE_EMBEDDING_DIMENSIONS: 384,
} as const;

/** Which provider serves chat: `LLM_PROVIDER`, default offline. */
export function chatProviderFrom(env: Env): ProviderId {
  return readProvider(env, 'LLM_PROVIDER', ENV_DEFAULTS.LLM_PROVIDER);
}

/** Which provider serves embeddings: `EMBEDDING_PROVIDER`, defaulting to the chat provider. */
export function embeddingProviderFrom(env: Env): ProviderId {
  return readProvider(env, 'EMBEDDING_PROVIDER', chatProviderFrom(env));
}

/** Options of `createEmbeddingModel` that code, not the environment, decides. */
export interface EmbeddingModelDefaults {
  /**
   * The offline model when `OFFLINE_EMBEDDING_MODEL` is unset (default `ENV_DEFAULTS`). For code
   * whose thresholds were calibrated on one model: the environment can still choose the other.
   */
  offlineModel?: OfflineEmbeddingModelName;
}

/** Which offline embedding model: `OFFLINE_EMBEDDING_MODEL`, else `fallback`. */
export function offlineEmbeddingModelFrom(
  env: Env,
  fallback: OfflineEmbeddingModelName = ENV_DEFAULTS.OFFLINE_EMBEDDING_MODEL,
): OfflineEmbeddingModelName {
  return readChoice(env, 'OFFLINE_EMBEDDING_MODEL', OFFLINE_EMBEDDING_MODELS, fallback, 'offline');
}

/** The offline embedding model the environment asks for. */
function createOfflineEmbeddingModel(env: Env, defaults: EmbeddingModelDefaults): EmbeddingModel {
  const dimensions = readPositiveInt(env, 'OFFLINE_EMBEDDING_DIMENSIONS', 'offline');
  if (offlineEmbeddingModelFrom(env, defaults.offlineModel) === 'hash') {
    return new OfflineEmbeddingModel({ dimensions: dimensions ?? ENV_DEFAULTS.OFFLINE_EMBEDDING_DIMENSIONS });
  }
  // The table fixes the length; a stale 384 from an old .env must not pass silently.
  if (dimensions !== undefined && dimensions !== GLOVE_DIMENSIONS) {
    throw new ProviderError(
      'config',
      'offline',
      `OFFLINE_EMBEDDING_DIMENSIONS="${dimensions}" applies only to OFFLINE_EMBEDDING_MODEL=hash; glove vectors have ${GLOVE_DIMENSIONS} dimensions: unset it`,
    );
  }
  return new GloveEmbeddingModel();
}

/** Key and base URL for OpenAI or a compatible server; a key is required only for OpenAI itself. */
export function openAIConnectionFrom(env: Env): { apiKey?: string; baseURL: string; timeoutMs?: number } {
  const baseURL = readUrl(env, 'OPENAI_BASE_URL', 'openai') ?? OPENAI_DEFAULT_BASE_URL;
  const apiKey = readVar(env, 'OPENAI_API_KEY');
  if (!apiKey && baseURL === OPENAI_DEFAULT_BASE_URL) {
    throw new ProviderError(
      'config',
      'openai',
      'OPENAI_API_KEY is not set: add it to .env, or set OPENAI_BASE_URL to an OpenAI-compatible server, or use LLM_PROVIDER=offline',
    );
  }
  const timeoutMs = readPositiveInt(env, 'LLM_TIMEOUT_MS', 'openai');
  return { baseURL, ...(apiKey ? { apiKey } : {}), ...(timeoutMs ? { timeoutMs } : {}) };
}

/** Host of the Ollama server from `OLLAMA_HOST` (a bare `host:port` is accepted, as Ollama itself does). */
export function ollamaHostFrom(env: Env): string {
  const raw = readVar(env, 'OLLAMA_HOST');
  if (raw === undefined) return ENV_DEFAULTS.OLLAMA_HOST;
  const normalized = normalizeOllamaHost(raw);
  let url: URL | undefined;
  try {
    url = new URL(normalized);
  } catch {
    url = undefined;
  }
  if (!url?.hostname || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ProviderError(
      'config',
      'ollama',
      `OLLAMA_HOST="${raw}" is not a valid URL (expected e.g. http://127.0.0.1:11434)`,
    );
  }
  return normalized;
}

/**
 * The chat model the environment asks for. Default: the offline simulator, which needs
 * nothing. Throws a `ProviderError` of kind `config` naming the variable on bad settings.
 */
export function createChatModel(env: Env = process.env): ChatModel {
  switch (chatProviderFrom(env)) {
    case 'offline':
      return new OfflineChatModel();
    case 'openai':
      return new OpenAIChatModel({
        ...openAIConnectionFrom(env),
        model: readVar(env, 'OPENAI_MODEL') ?? ENV_DEFAULTS.OPENAI_MODEL,
      });
    case 'ollama': {
      const timeoutMs = readPositiveInt(env, 'LLM_TIMEOUT_MS', 'ollama');
      return new OllamaChatModel({
        host: ollamaHostFrom(env),
        model: readVar(env, 'OLLAMA_MODEL') ?? ENV_DEFAULTS.OLLAMA_MODEL,
        ...(timeoutMs ? { timeoutMs } : {}),
      });
    }
  }
}

/**
 * The embedding model the environment asks for (`EMBEDDING_PROVIDER`, else `LLM_PROVIDER`, else offline;
 * offline, `OFFLINE_EMBEDDING_MODEL` picks hash or glove).
 */
export function createEmbeddingModel(env: Env = process.env, defaults: EmbeddingModelDefaults = {}): EmbeddingModel {
  switch (embeddingProviderFrom(env)) {
    case 'offline':
      return createOfflineEmbeddingModel(env, defaults);
    case 'openai': {
      const dimensions = readPositiveInt(env, 'OPENAI_EMBEDDING_DIMENSIONS', 'openai');
      return new OpenAIEmbeddingModel({
        ...openAIConnectionFrom(env),
        model: readVar(env, 'OPENAI_EMBEDDING_MODEL') ?? ENV_DEFAULTS.OPENAI_EMBEDDING_MODEL,
        ...(dimensions ? { dimensions } : {}),
      });
    }
    case 'ollama': {
      const dimensions = readPositiveInt(env, 'OLLAMA_EMBEDDING_DIMENSIONS', 'ollama');
      const timeoutMs = readPositiveInt(env, 'LLM_TIMEOUT_MS', 'ollama');
      return new OllamaEmbeddingModel({
        host: ollamaHostFrom(env),
        model: readVar(env, 'OLLAMA_EMBEDDING_MODEL') ?? ENV_DEFAULTS.OLLAMA_EMBEDDING_MODEL,
        ...(dimensions ? { dimensions } : {}),
        ...(timeoutMs ? { timeoutMs } : {}),
      });
    }
  }
}
