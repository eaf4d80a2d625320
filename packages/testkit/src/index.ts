export * from './cassette/index.ts';
export {
  type Controls,
  type ControlsOptions,
  createControls,
  type EmulatedCall,
  type ErrorBodyFormat,
  emulate,
  faultResponse,
  sleep,
  streamResponse,
} from './core.ts';
export { loadSplit, parseRows, type Split } from './datasets.ts';
export { FakeClock, sequence } from './fake-clock.ts';
export { describeLive } from './live.ts';
export {
  expectMetric,
  formatMetric,
  formatMetricValue,
  type Metric,
  meetsTarget,
  parseTarget,
  reportMetric,
} from './metrics.ts';
export {
  DEFAULT_OPENAI_BASE_URL,
  DEFAULT_QDRANT_URL,
  type MockNetworkOptions,
  type TestMockNetwork,
  useMockNetwork,
} from './network.ts';
export { createOllamaEmulator, DEFAULT_OLLAMA_HOST } from './ollama/emulator.ts';
export type { OpenAIAuth } from './openai/auth.ts';
export { createOpenAIEmulator, DEFAULT_OPENAI_MODELS } from './openai/emulator.ts';
export { createQdrantEmulator } from './qdrant/index.ts';
export type * from './types.ts';
