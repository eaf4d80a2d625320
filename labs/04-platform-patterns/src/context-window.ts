/**
 * Fit a conversation into a model's context window, leaving room for the answer.
 * The system prompt and the latest user turn are never touched; the oldest turns go first,
 * either dropped or folded into a summary.
 */
import { type ChatMessage, type ChatModel, countMessageTokens } from '@workshop/llm';
import { BudgetExceededError } from './budget-error.ts';

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

const DEFAULT_SUMMARY_TOKENS = 150;
/** `countMessageTokens` adds these once per prompt; they are already in the rest of the count. */
const REPLY_PRIMER_TOKENS = 3;

/**
 * Keep the system prompt and the latest user turn, then as many of the newest turns as fit in
 * `contextWindow - reservedOutputTokens`. Older turns are dropped, or summarised when
 * `summarise` is given. Throws `BudgetExceededError` (`budget: 'context'`) when even the
 * system prompt and the latest user turn do not fit.
 */
export async function fitConversation(messages: ChatMessage[], options: FitOptions): Promise<FitResult> {
  const available = availableTokens(options);
  const { head, history, tail } = splitConversation(messages);
  const count = (middle: ChatMessage[]) => countMessageTokens([...head, ...middle, ...tail], options.model);

  const pinned = count([]);
  if (pinned > available) {
    throw new BudgetExceededError({ budget: 'context', limit: available, requested: pinned });
  }

  // Keep a contiguous run of the newest turns: skipping an old turn to squeeze in an older,
  // smaller one would leave a gap the model cannot make sense of.
  const groups = turnGroups(history);
  let keptFrom = groups.length;
  while (keptFrom > 0 && count(groups.slice(keptFrom - 1).flat()) <= available) keptFrom -= 1;

  const result = (kept: ChatMessage[][], dropped: ChatMessage[][], summary?: string): FitResult => {
    const middle = summary === undefined ? kept.flat() : [summaryMessage(summary), ...kept.flat()];
    return { messages: [...head, ...middle, ...tail], inputTokens: count(middle), dropped: dropped.flat(), summary };
  };

  if (keptFrom === 0 || !options.summarise) return result(groups.slice(keptFrom), groups.slice(0, keptFrom));

  // Make room for the summary first, so the model is called once: keep only the turns that
  // fit next to a summary of `summaryTokens`, and summarise everything older.
  const summaryTokens = options.summaryTokens ?? DEFAULT_SUMMARY_TOKENS;
  const reserve = countMessageTokens([summaryMessage('')], options.model) - REPLY_PRIMER_TOKENS + summaryTokens;
  let cut = keptFrom;
  while (cut < groups.length && count(groups.slice(cut).flat()) + reserve > available) cut += 1;
  const summary = (await options.summarise(groups.slice(0, cut).flat(), summaryTokens)).trim();
  if (summary.length === 0) return result(groups.slice(keptFrom), groups.slice(0, keptFrom));
  // A summariser that overran its allowance costs more history, not the budget. Turns lost
  // this way are in neither the summary nor the prompt; a well-behaved summariser never does it.
  while (cut < groups.length && count([summaryMessage(summary), ...groups.slice(cut).flat()]) > available) cut += 1;
  if (count([summaryMessage(summary), ...groups.slice(cut).flat()]) > available) {
    return result(groups.slice(keptFrom), groups.slice(0, keptFrom));
  }
  return result(groups.slice(cut), groups.slice(0, cut), summary);
}

/**
 * A `Summariser` that asks `model` for a short, factual summary of the dropped turns.
 * Temperature 0: a summary should not be creative, and it makes the call cacheable.
 */
export function summariseWith(model: ChatModel, options: { maxOutputTokens?: number } = {}): Summariser {
  return async (dropped, maxTokens) => {
    const transcript = dropped.map((message) => `${message.role}: ${message.content}`).join('\n');
    const response = await model.generate({
      messages: [
        {
          role: 'system',
          content:
            'Summarise this earlier part of a conversation in a few sentences. Keep names, numbers, ' +
            'decisions and open questions; drop pleasantries. Answer with the summary only.',
        },
        { role: 'user', content: transcript },
      ],
      temperature: 0,
      maxOutputTokens: Math.min(maxTokens, options.maxOutputTokens ?? maxTokens),
    });
    return response.text;
  };
}

function availableTokens(options: FitOptions): number {
  const { contextWindow, reservedOutputTokens } = options;
  if (!Number.isInteger(contextWindow) || contextWindow <= 0) {
    throw new RangeError(`fitConversation: contextWindow must be a positive integer, got ${contextWindow}`);
  }
  if (!Number.isInteger(reservedOutputTokens) || reservedOutputTokens < 0 || reservedOutputTokens >= contextWindow) {
    throw new RangeError(
      `fitConversation: reservedOutputTokens must be an integer from 0 to contextWindow - 1 (${contextWindow - 1}), got ${reservedOutputTokens}`,
    );
  }
  return contextWindow - reservedOutputTokens;
}

/** Leading system messages, the history in between, and everything from the latest user turn on. */
function splitConversation(messages: ChatMessage[]) {
  let headEnd = 0;
  while (messages[headEnd]?.role === 'system') headEnd += 1;
  const lastUser = messages.findLastIndex((message) => message.role === 'user');
  if (lastUser < headEnd) throw new Error('fitConversation: the conversation has no user turn to answer');
  return {
    head: messages.slice(0, headEnd),
    history: messages.slice(headEnd, lastUser),
    tail: messages.slice(lastUser),
  };
}

/**
 * Units that are dropped together: an assistant turn that called tools travels with its tool
 * results (the API rejects a tool result whose call is missing, and vice versa).
 */
function turnGroups(history: ChatMessage[]): ChatMessage[][] {
  const groups: ChatMessage[][] = [];
  for (const message of history) {
    const previous = groups.at(-1);
    if (message.role === 'tool' && previous) previous.push(message);
    else groups.push([message]);
  }
  return groups;
}

function summaryMessage(summary: string): ChatMessage {
  return { role: 'system', content: `${SUMMARY_PREFIX}${summary}` };
}
