/**
 * The providers the support assistant may call, each at a pinned model snapshot, and what a chain
 * is built from. Given code: the same in the starter and the solution.
 *
 * All four passed the rubric's hard constraints (fixtures/provider-rubric.yaml: EU data residency,
 * no training on our data, a signed DPA). Their measured behaviour is in fixtures/profiles.*.jsonl.
 */
import type { Clock } from '@workshop/kit';
import { type ChatModel, OfflineChatModel, OllamaChatModel, OpenAIChatModel } from '@workshop/llm';

/** The chain's candidate members, by name. */
export interface ProviderSet {
  /** OpenAI API (EU data residency project), Chat Completions. */
  openai: ChatModel;
  /** Mistral AI La Plateforme (EU), through its OpenAI-compatible Chat Completions endpoint. */
  mistral: ChatModel;
  /** Our own GPU server running Ollama. */
  ollama: ChatModel;
  /** The offline extractive simulator: no network, always answers, rarely well. */
  offline: ChatModel;
}

/** A provider's name in the set. */
export type ProviderName = keyof ProviderSet;

/** Every provider name, in the order of `ProviderSet`. */
export const PROVIDER_NAMES: readonly ProviderName[] = ['openai', 'mistral', 'ollama', 'offline'];

/**
 * The model each provider is pinned to: dated snapshots, never an alias such as `gpt-4o-mini`,
 * whose meaning the vendor changes under you. The quality figures in the profiles were measured
 * on exactly these.
 */
export const PINNED_MODELS: Readonly<Record<ProviderName, string>> = {
  openai: 'gpt-4o-mini-2024-07-18',
  mistral: 'mistral-small-2501',
  ollama: 'llama3.1:8b-instruct-q4_K_M',
  offline: 'offline-extractive',
};

/** Mistral's OpenAI-compatible API. */
export const MISTRAL_BASE_URL = 'https://api.mistral.ai/v1';

/** Time and randomness, injected: the DoD runs your chain on virtual time with seeded jitter. */
export interface ChainEnv {
  clock: Clock;
  /** Uniform in [0, 1), for backoff jitter. */
  random: () => number;
}

/** Keys and hosts for `createProviders`. */
export interface ProviderConfig {
  openaiApiKey: string;
  mistralApiKey: string;
  /** Ollama host; default the client's (http://127.0.0.1:11434). */
  ollamaHost?: string;
}

/**
 * The real adapters, at the pinned snapshots, with the clients' own retries off (the chain
 * retries) and their own timeouts as a last resort only.
 */
export function createProviders(config: ProviderConfig): ProviderSet {
  return {
    openai: new OpenAIChatModel({ apiKey: config.openaiApiKey, model: PINNED_MODELS.openai }),
    mistral: new OpenAIChatModel({
      apiKey: config.mistralApiKey,
      baseURL: MISTRAL_BASE_URL,
      providerName: 'mistral',
      model: PINNED_MODELS.mistral,
    }),
    ollama: new OllamaChatModel({
      model: PINNED_MODELS.ollama,
      ...(config.ollamaHost ? { host: config.ollamaHost } : {}),
    }),
    offline: new OfflineChatModel({ model: PINNED_MODELS.offline }),
  };
}
