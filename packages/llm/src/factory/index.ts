export {
  chatProviderFrom,
  createChatModel,
  createEmbeddingModel,
  type EmbeddingModelDefaults,
  ENV_DEFAULTS,
  embeddingProviderFrom,
  OFFLINE_EMBEDDING_MODELS,
  type OfflineEmbeddingModelName,
  offlineEmbeddingModelFrom,
} from './create.ts';
export {
  describeProviderConfig,
  PROVIDER_VARIABLES,
  type ProviderConfigDescription,
  type ProviderProbe,
  type RoleConfig,
  type VariableState,
} from './describe.ts';
export { type Env, PROVIDERS, type ProviderId } from './env.ts';
