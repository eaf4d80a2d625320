/**
 * Fit a conversation into a model's context window, leaving room for the answer.
 * The system prompt and the latest user turn are never touched; the oldest turns go first,
 * either dropped or folded into a summary.
 */
import type { ChatMessage, ChatModel } from '@workshop/llm';

/**
 * Turns older messages into a short summary of at most `maxTokens` tokens
 * (e.g. `summariseWith(model)`).
 */
export type Summariser = (dropped: ChatMessage[], maxTokens: number) => Promise<string>;

/** How to fit a conversation. */
export interface FitOptions {
  /** Model id; picks the tokenizer that counts the messages. */
  model: string;
  /** The model's context window in tokens (input plus output). */
  contextWindow: number;
  /** Tokens kept free for the answer (usually the request's `maxOutputTokens`). */
  reservedOutputTokens: number;
  /** When set, dropped turns are replaced by one summary message instead of vanishing. */
  summarise?: Summariser;
  /** Room reserved for the summary, in tokens. Default 150. */
  summaryTokens?: number;
}

/** A conversation that fits. */
export interface FitResult {
  /** Messages to send: system prompt, optional summary, newest history, latest user turn. */
  messages: ChatMessage[];
  /** Prompt tokens of `messages`, counted with the model's tokenizer. */
  inputTokens: number;
  /** The turns that were left out (and summarised, when a summary was made), oldest first. */
  dropped: ChatMessage[];
  /** The summary text that replaced `dropped`, when one was made. */
  summary: string | undefined;
}

/** Prefix of the message that carries a summary; tells the model what it is looking at. */
export const SUMMARY_PREFIX = 'Summary of the earlier conversation: ';

/**
 * Keep the system prompt and the latest user turn, then as many of the newest turns as fit in
 * `contextWindow - reservedOutputTokens`. Older turns are dropped, or summarised when
 * `summarise` is given. Throws `BudgetExceededError` (`budget: 'context'`) when even the
 * system prompt and the latest user turn do not fit.
 */
export async function fitConversation(messages: ChatMessage[], options: FitOptions): Promise<FitResult> {
  // TODO 1: validate the options: `contextWindow` a positive integer, `reservedOutputTokens` an
  //   integer from 0 to contextWindow - 1. Throw a RangeError that names the bad field.
  // TODO 2: split the conversation: leading `system` messages (the head, always kept), the
  //   history, and everything from the LAST `user` message on (the tail, always kept).
  //   No user message at all → throw an Error saying so.
  // TODO 3: count with `countMessageTokens(messages, options.model)` from '@workshop/llm'
  //   (a real tokenizer; never count words). If head + tail alone exceed the available tokens,
  //   throw `new BudgetExceededError({ budget: 'context', limit: available, requested: … })`.
  // TODO 4: group the history so that an assistant message with `toolCalls` and the `tool`
  //   messages after it are kept or dropped together. Keep the newest groups while
  //   head + kept + tail still fit; stop at the first group that does not (no gaps).
  // TODO 5: with `options.summarise`, reserve room for a summary of `summaryTokens` (default 150)
  //   first — call the summariser ONCE with every dropped message — and insert the summary right
  //   after the head as `{ role: 'system', content: SUMMARY_PREFIX + summary }`. Make sure the
  //   result still fits; drop more old turns if the summary came back longer than asked.
  // TODO 6: return `{ messages, inputTokens, dropped, summary }`.
  void messages;
  void options;
  throw new Error('TODO: fitConversation — keep the head and tail, fill the rest with the newest turns');
}

/**
 * A `Summariser` that asks `model` for a short, factual summary of the dropped turns.
 * Temperature 0: a summary should not be creative, and it makes the call cacheable.
 */
export function summariseWith(model: ChatModel, options: { maxOutputTokens?: number } = {}): Summariser {
  // TODO: return an async function (dropped, maxTokens) that calls `model.generate` once with a
  //   system instruction ("summarise this earlier part of a conversation; keep names, numbers,
  //   decisions") and the dropped turns as a `role: content` transcript in one user message,
  //   `temperature: 0` and `maxOutputTokens` at most `maxTokens`; it resolves to `response.text`.
  void model;
  void options;
  return async () => {
    throw new Error('TODO: summariseWith — ask the model for a summary of the dropped turns');
  };
}
