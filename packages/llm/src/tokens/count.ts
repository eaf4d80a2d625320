/**
 * Token counting with a real BPE tokenizer (gpt-tokenizer, a port of OpenAI's tiktoken).
 *
 * OpenAI publishes its tokenizers, so counts for OpenAI models are exact for plain text.
 * Llama, Qwen, Mistral, Gemma… use their own tokenizers, which have no maintained pure-JS
 * port here; for them we count with o200k_base and flag the result as an estimate. On English
 * prose o200k lands within roughly ±15% of those tokenizers, which is fine for budgeting and
 * cost estimates but not for hard context-window limits (leave headroom).
 */
import { createRequire } from 'node:module';
import type { ChatMessage } from '../spec/messages.ts';

type CountFn = (text: string, options: { disallowedSpecial: Set<string> }) => number;

// The BPE tables take ~250 ms (o200k) and ~90 ms (cl100k) to load. Load each on first use, so
// that importing this package (every lab test file does) stays cheap for code that never counts.
const require = createRequire(import.meta.url);
const encoders: Partial<Record<'o200k_base' | 'cl100k_base', CountFn>> = {};
function encoder(encoding: 'o200k_base' | 'cl100k_base'): CountFn {
  encoders[encoding] ??= (require(`gpt-tokenizer/cjs/encoding/${encoding}`) as { countTokens: CountFn }).countTokens;
  return encoders[encoding];
}

/** A BPE encoding this module can count with. */
export type TokenizerEncoding = 'o200k_base' | 'cl100k_base';

/** Which tokenizer counts a model's tokens, and whether the count is exact. */
export interface TokenizerInfo {
  /** Encoding used for the count. */
  encoding: TokenizerEncoding;
  /** True when this is the model's own tokenizer; false when it is an approximation. */
  exact: boolean;
}

// Special-token strings such as "<|endoftext|>" in user text are counted as plain text:
// they cannot act as control tokens in an API call, and gpt-tokenizer would throw otherwise.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/**
 * Pick the tokenizer for a model id. A provider prefix (`openai/gpt-4o`) and a tag
 * (`llama3.2:3b`) are ignored. Unknown or missing model → o200k_base, not exact.
 */
export function tokenizerFor(model?: string): TokenizerInfo {
  const id = (model ?? '').toLowerCase().split('/').pop() ?? '';
  // o200k: the GPT-4o generation onwards and the reasoning (o-series) models.
  if (/^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|o1|o3|o4)/.test(id)) {
    return { encoding: 'o200k_base', exact: true };
  }
  // cl100k: GPT-4 (turbo), GPT-3.5 and the current embedding models.
  if (/^(gpt-4|gpt-3\.5|text-embedding-3|text-embedding-ada-002)/.test(id)) {
    return { encoding: 'cl100k_base', exact: true };
  }
  return { encoding: 'o200k_base', exact: false };
}

/** Number of tokens in `text` for `model` (see `tokenizerFor` for how the encoding is chosen). */
export function countTokens(text: string, model?: string): number {
  if (text.length === 0) return 0;
  const { encoding } = tokenizerFor(model);
  return encoder(encoding)(text, PLAIN_TEXT);
}

/**
 * Tokens a chat prompt costs: every message's content plus OpenAI's documented framing of
 * 3 tokens per message and 3 that prime the reply. Tool calls count their name and
 * arguments. An estimate for non-OpenAI models (their chat templates differ).
 */
export function countMessageTokens(messages: readonly ChatMessage[], model?: string): number {
  const PER_MESSAGE = 3;
  const REPLY_PRIMER = 3;
  let total = REPLY_PRIMER;
  for (const message of messages) {
    total += PER_MESSAGE + countTokens(message.role, model) + countTokens(message.content, model);
    if (message.role === 'assistant') {
      for (const call of message.toolCalls ?? []) {
        total += countTokens(call.name, model) + countTokens(call.arguments, model);
      }
    }
  }
  return total;
}
