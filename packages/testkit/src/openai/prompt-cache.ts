/**
 * OpenAI's automatic prompt caching, emulated: a request whose prompt starts with the same
 * 1,024 tokens or more as an earlier request to the same model is billed part of its prompt as
 * cached, in steps of 128 tokens (https://platform.openai.com/docs/guides/prompt-caching), and
 * reports it as `usage.prompt_tokens_details.cached_tokens`. The prompt is compared as the API
 * reads it: tools first, then the messages in order, roles included. Tokens are the emulator's
 * estimate (about 4 characters each), as for `prompt_tokens`.
 */
import { contentText } from '../reply.ts';

/** The shortest prefix that can be cached, in tokens. */
export const MIN_CACHED_PREFIX_TOKENS = 1024;
/** Cached tokens come in steps of this many. */
export const CACHE_STEP_TOKENS = 128;
/** Earlier prompts remembered per model; the oldest is forgotten first (OpenAI evicts after minutes idle). */
const MAX_REMEMBERED = 256;
const CHARS_PER_TOKEN = 4;

/** The prompt as one string in the order the model reads it. */
export function promptText(body: Record<string, unknown>): string {
  const tools = Array.isArray(body.tools) && body.tools.length > 0 ? `<tools>${JSON.stringify(body.tools)}\n` : '';
  const messages = Array.isArray(body.messages) ? body.messages : [];
  return (
    tools +
    messages
      .map((m: { role?: unknown; content?: unknown }) => `<${String(m?.role)}>${contentText(m?.content)}\n`)
      .join('')
  );
}

/** Remembers prompts per model and says how many tokens of a new one were cached. */
export function createPromptCache() {
  const byModel = new Map<string, string[]>();
  return {
    /** Cached tokens of `body`'s prompt (at most `promptTokens`); then remembers it. */
    lookup(body: Record<string, unknown>, promptTokens: number): number {
      const model = String(body.model);
      const text = promptText(body);
      const earlier = byModel.get(model) ?? [];
      let longest = 0;
      for (const previous of earlier) longest = Math.max(longest, commonPrefixLength(previous, text));
      earlier.push(text);
      if (earlier.length > MAX_REMEMBERED) earlier.shift();
      byModel.set(model, earlier);
      const prefixTokens = Math.floor(longest / CHARS_PER_TOKEN);
      if (prefixTokens < MIN_CACHED_PREFIX_TOKENS) return 0;
      const cached = Math.floor(prefixTokens / CACHE_STEP_TOKENS) * CACHE_STEP_TOKENS;
      return Math.min(cached, Math.floor(promptTokens / CACHE_STEP_TOKENS) * CACHE_STEP_TOKENS);
    },
    clear(): void {
      byModel.clear();
    },
  };
}

function commonPrefixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
