/**
 * `/embeddings` answers: deterministic vectors from the offline hashing embedder, as
 * float arrays or as base64 float32 (what the `openai` client asks for by default).
 */
import { hashEmbedding } from '@workshop/llm';
import { estimateTokens } from '../core.ts';

/** Native dimensions of OpenAI's embedding models; other models default to 1536. */
export const OPENAI_EMBEDDING_DIMENSIONS: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

const DEFAULT_DIMENSIONS = 1536;

/** The inputs of an embeddings request as texts (token arrays are embedded as their ids joined). */
export function embeddingInputs(input: unknown): string[] | undefined {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  if (input.every((item) => typeof item === 'number')) return [input.join(' ')];
  const texts: string[] = [];
  for (const item of input) {
    if (typeof item === 'string') texts.push(item);
    else if (Array.isArray(item) && item.every((n) => typeof n === 'number')) texts.push(item.join(' '));
    else return undefined;
  }
  return texts;
}

/** Encodes a vector as the API's base64: little-endian float32 bytes. */
export function toBase64Float32(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

/** Renders the `/embeddings` response body. */
export function renderEmbeddings(
  texts: string[],
  model: string,
  options: { dimensions?: number | undefined; encoding: 'float' | 'base64' },
) {
  const dimensions = options.dimensions ?? OPENAI_EMBEDDING_DIMENSIONS[model] ?? DEFAULT_DIMENSIONS;
  const tokens = texts.reduce((sum, text) => sum + estimateTokens(text), 0);
  return {
    object: 'list',
    data: texts.map((text, index) => {
      const vector = hashEmbedding(text, dimensions);
      return {
        object: 'embedding',
        index,
        embedding: options.encoding === 'base64' ? toBase64Float32(vector) : vector,
      };
    }),
    model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}
