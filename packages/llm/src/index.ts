/**
 * @workshop/llm — provider-agnostic chat and embedding models.
 *
 * - `spec/`: the interfaces (ChatModel, EmbeddingModel, ProviderError…), nothing else.
 * - `providers/<name>/`: implementations (offline, openai, ollama).
 * - `factory/`: build the configured models from env (`LLM_PROVIDER`…).
 * - `pricing/`, `tokens/`, `structured/`: cost, token counting, validated JSON output.
 */

export * from './factory/index.ts';
export {
  costOf,
  DEFAULT_PRICES,
  definePriceTable,
  findPrice,
  type PriceEntry,
  type PriceTable,
} from './pricing/cost.ts';
export * from './providers/offline/index.ts';
export * from './providers/ollama/index.ts';
export * from './providers/openai/index.ts';
export * from './spec/index.ts';
export {
  type GenerateObjectResult,
  generateObject,
  isStructuredOutputError,
  type ObjectRequest,
  parseObject,
  StructuredOutputError,
  type StructuredOutputFailure,
} from './structured/generate-object.ts';
export {
  countMessageTokens,
  countTokens,
  type TokenizerEncoding,
  type TokenizerInfo,
  tokenizerFor,
} from './tokens/count.ts';
