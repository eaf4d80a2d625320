import { OPENAI_DEFAULT_BASE_URL } from '../providers/openai/chat-model.ts';
import { isProviderError } from '../spec/errors.ts';
import {
  chatProviderFrom,
  createChatModel,
  createEmbeddingModel,
  ENV_DEFAULTS,
  embeddingProviderFrom,
  ollamaHostFrom,
} from './create.ts';
import { type Env, type ProviderId, readUrl, readVar } from './env.ts';

/** How one role (chat or embeddings) is configured. */
export interface RoleConfig {
  /** Provider id, or undefined when the provider variable itself is invalid. */
  provider: ProviderId | undefined;
  /** Model id the factory would use. */
  model: string | undefined;
  /** Base URL the model is served from (undefined for offline). */
  endpoint: string | undefined;
  /** The factory's one-line error when the configuration is unusable. */
  error: string | undefined;
}

/** An HTTP endpoint `workshop doctor` can probe to check a configured service is reachable. */
export interface ProviderProbe {
  /** Which service. */
  service: 'openai' | 'ollama';
  /** URL for a cheap GET: `/models` for OpenAI-compatible servers, `/api/version` for Ollama. */
  url: string;
  /** Env variable holding the bearer token to send, when the service needs one. */
  authVariable: string | undefined;
  /** Variable that sets this URL, to name in the fix. */
  urlVariable: string;
}

/** One provider variable, with secrets redacted. */
export interface VariableState {
  /** Variable name. */
  name: string;
  /** Value as set (API keys show only their last 4 characters), or undefined. */
  value: string | undefined;
  /** Value used when the variable is unset, if any. */
  defaultValue: string | undefined;
}

/** The provider configuration at a glance, for `workshop doctor`. Never throws. */
export interface ProviderConfigDescription {
  /** The chat model configuration. */
  chat: RoleConfig;
  /** The embedding model configuration. */
  embedding: RoleConfig;
  /** Services to probe for reachability (only the ones in use). */
  probes: ProviderProbe[];
  /** Every variable the factories read. */
  variables: VariableState[];
}

/** Every variable the factories read, with its default. Keep in sync with `.env.example`. */
export const PROVIDER_VARIABLES: readonly { name: string; defaultValue?: string; secret?: boolean }[] = [
  { name: 'LLM_PROVIDER', defaultValue: ENV_DEFAULTS.LLM_PROVIDER },
  { name: 'EMBEDDING_PROVIDER', defaultValue: '(LLM_PROVIDER)' },
  { name: 'LLM_TIMEOUT_MS' },
  { name: 'OPENAI_API_KEY', secret: true },
  { name: 'OPENAI_BASE_URL', defaultValue: OPENAI_DEFAULT_BASE_URL },
  { name: 'OPENAI_MODEL', defaultValue: ENV_DEFAULTS.OPENAI_MODEL },
  { name: 'OPENAI_EMBEDDING_MODEL', defaultValue: ENV_DEFAULTS.OPENAI_EMBEDDING_MODEL },
  { name: 'OPENAI_EMBEDDING_DIMENSIONS' },
  { name: 'OLLAMA_HOST', defaultValue: ENV_DEFAULTS.OLLAMA_HOST },
  { name: 'OLLAMA_MODEL', defaultValue: ENV_DEFAULTS.OLLAMA_MODEL },
  { name: 'OLLAMA_EMBEDDING_MODEL', defaultValue: ENV_DEFAULTS.OLLAMA_EMBEDDING_MODEL },
  { name: 'OLLAMA_EMBEDDING_DIMENSIONS' },
  { name: 'OFFLINE_EMBEDDING_MODEL', defaultValue: ENV_DEFAULTS.OFFLINE_EMBEDDING_MODEL },
  { name: 'OFFLINE_EMBEDDING_DIMENSIONS', defaultValue: `${ENV_DEFAULTS.OFFLINE_EMBEDDING_DIMENSIONS} (hash)` },
];

/**
 * Describe which providers the environment configures and which URLs to probe, collecting
 * configuration errors instead of throwing (a doctor reports every problem at once).
 */
export function describeProviderConfig(env: Env = process.env): ProviderConfigDescription {
  const chat = describeRole(env, 'chat');
  const embedding = describeRole(env, 'embedding');
  const probes: ProviderProbe[] = [];
  const used = new Set([chat.provider, embedding.provider]);
  if (used.has('openai')) {
    const baseURL = safe(() => readUrl(env, 'OPENAI_BASE_URL', 'openai')) ?? OPENAI_DEFAULT_BASE_URL;
    probes.push({
      service: 'openai',
      url: `${baseURL}/models`,
      authVariable: 'OPENAI_API_KEY',
      urlVariable: 'OPENAI_BASE_URL',
    });
  }
  if (used.has('ollama')) {
    const host = safe(() => ollamaHostFrom(env));
    if (host)
      probes.push({
        service: 'ollama',
        url: `${host}/api/version`,
        authVariable: undefined,
        urlVariable: 'OLLAMA_HOST',
      });
  }
  const variables = PROVIDER_VARIABLES.map(({ name, defaultValue, secret }) => {
    const value = readVar(env, name);
    return { name, value: value && secret ? redact(value) : value, defaultValue };
  });
  return { chat, embedding, probes, variables };
}

function describeRole(env: Env, role: 'chat' | 'embedding'): RoleConfig {
  const provider = safe(() => (role === 'chat' ? chatProviderFrom(env) : embeddingProviderFrom(env)));
  try {
    const model = role === 'chat' ? createChatModel(env) : createEmbeddingModel(env);
    const endpoint = 'baseURL' in model ? String(model.baseURL) : 'host' in model ? String(model.host) : undefined;
    return { provider, model: model.modelId, endpoint, error: undefined };
  } catch (error) {
    const message = isProviderError(error) || error instanceof Error ? error.message : String(error);
    return { provider, model: undefined, endpoint: undefined, error: message };
  }
}

function safe<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function redact(secret: string): string {
  return secret.length <= 8 ? '****' : `****${secret.slice(-4)}`;
}
