/**
 * What the emulated Ollama server knows about its models: names (`llama3.2` is `llama3.2:latest`),
 * digests and details, capabilities (an embedding model cannot chat), native embedding sizes, and
 * the defaults a model is loaded with.
 */
import { createHash } from 'node:crypto';
import type { OllamaEmulator } from '../types.ts';

export type PulledModel = OllamaEmulator['pulled'][number];
export type LoadedModel = OllamaEmulator['loaded'][number];

/** Models pulled after each reset. */
export const DEFAULT_PULLED_MODELS: PulledModel[] = [
  { name: 'llama3.2:latest', size: 2_019_393_189 },
  { name: 'nomic-embed-text:latest', size: 274_302_450 },
];

/** Native embedding sizes of common Ollama models (chat models embed too, at their hidden size); others 768. */
export const OLLAMA_EMBEDDING_DIMENSIONS: Record<string, number> = {
  'nomic-embed-text': 768,
  'mxbai-embed-large': 1024,
  'all-minilm': 384,
  'bge-m3': 1024,
  'snowflake-arctic-embed': 1024,
  'llama3.2': 3072,
};

/** The server's defaults: keep_alive 5m (OLLAMA_KEEP_ALIVE), a 4096-token context (num_ctx). */
export const DEFAULT_KEEP_ALIVE_MS = 5 * 60_000;
export const DEFAULT_CONTEXT_LENGTH = 4096;

/** `expires_at` of a model kept for ever (keep_alive negative): Go's maximal duration from now. */
const FOREVER_MS = 9_223_372_036_854;

/** `llama3.2` and `llama3.2:latest` name the same model. */
export function normalizeModelName(name: string): string {
  return name.includes(':') ? name : `${name}:latest`;
}

function baseName(name: string): string {
  return name.split(':')[0] ?? name;
}

export function digestOf(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

export function family(name: string): string {
  return baseName(name).replace(/[\d.]+$/, '') || name;
}

export function details(name: string) {
  return {
    parent_model: '',
    format: 'gguf',
    family: family(name),
    families: [family(name)],
    parameter_size: 'unknown',
    quantization_level: 'Q4_K_M',
  };
}

/** A pulled model's capabilities: as set by the test, else `embedding` for embedding models by name. */
export function capabilitiesOf(model: PulledModel): string[] {
  if (model.capabilities) return model.capabilities;
  return /embed|minilm|bge-|^e5|gte-/.test(baseName(model.name)) ? ['embedding'] : ['completion', 'tools'];
}

export function nativeDimensions(name: string): number {
  return OLLAMA_EMBEDDING_DIMENSIONS[baseName(name)] ?? 768;
}

/** `expires_at` for a model loaded now for `keepAliveMs` (Infinity: for ever). */
export function expiresAt(keepAliveMs: number, now = Date.now()): string {
  return new Date(now + (Number.isFinite(keepAliveMs) ? keepAliveMs : FOREVER_MS)).toISOString();
}
