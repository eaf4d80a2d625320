export {
  chatProviderFrom,
  createChatModel,
  createEmbeddingModel,
  ENV_DEFAULTS,
  embeddingProviderFrom,
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
