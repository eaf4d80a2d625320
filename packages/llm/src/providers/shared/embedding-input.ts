/**
 * What every embedding API refuses, checked before a request leaves: OpenAI answers 400 for an
 * empty string (alone or in a list), and Ollama embeds nothing for it, so the vectors would not
 * line up with the texts. One clear error naming the first empty text, whatever the provider, so
 * code that passes offline does not break live.
 */
import { ProviderError } from '../../spec/errors.ts';

export function checkEmbeddingTexts(provider: string, texts: unknown): asserts texts is string[] {
  if (!Array.isArray(texts)) {
    throw new ProviderError('invalid_request', provider, `embed() expects an array of strings, got ${typeof texts}`);
  }
  const at = texts.findIndex((text) => typeof text !== 'string' || text === '');
  if (at === -1) return;
  const what = typeof texts[at] === 'string' ? 'an empty string' : `a ${typeof texts[at]}, not a string`;
  throw new ProviderError(
    'invalid_request',
    provider,
    `embed() got ${what} at texts[${at}]; embedding APIs refuse empty input (OpenAI answers 400): drop or replace empty texts first`,
  );
}
