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

/** OpenAI's limit on inputs per request (the schema's `maxItems`). */
export const MAX_EMBEDDING_INPUTS = 2048;

/** Models that take no `dimensions` ("only supported in text-embedding-3 and later models"). */
const FIXED_DIMENSION_MODELS = new Set(['text-embedding-ada-002']);

const INVALID_INPUT =
  "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.";

/** Why OpenAI would answer this request 400, as `{ message, param }`; undefined when it is valid. */
export function embeddingRequestError(body: Record<string, unknown>): { message: string; param: string } | undefined {
  const { input, dimensions, model } = body;
  if (Array.isArray(input) && input.length > MAX_EMBEDDING_INPUTS) {
    return {
      message: `Invalid 'input': array too long. Expected an array with maximum length ${MAX_EMBEDDING_INPUTS}, but got an array with length ${input.length} instead.`,
      param: 'input',
    };
  }
  if (!embeddingInputs(input)) return { message: INVALID_INPUT, param: 'input' };
  if (dimensions !== undefined) {
    if (!Number.isInteger(dimensions) || (dimensions as number) < 1) {
      return {
        message: `Invalid 'dimensions': expected a positive integer, got ${JSON.stringify(dimensions)}.`,
        param: 'dimensions',
      };
    }
    if (FIXED_DIMENSION_MODELS.has(String(model))) {
      return { message: 'This model does not support specifying dimensions.', param: 'dimensions' };
    }
  }
  return undefined;
}

/**
 * The inputs of an embeddings request as texts (token arrays are embedded as their ids joined);
 * undefined for what the API refuses: an empty string, an empty array, an empty string or token
 * array inside one, or anything else.
 */
export function embeddingInputs(input: unknown): string[] | undefined {
  if (typeof input === 'string') return input === '' ? undefined : [input];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  if (input.every((item) => Number.isInteger(item))) return [input.join(' ')];
  const texts: string[] = [];
  for (const item of input) {
    if (typeof item === 'string' && item !== '') texts.push(item);
    else if (Array.isArray(item) && item.length > 0 && item.every((n) => Number.isInteger(n)))
      texts.push(item.join(' '));
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
