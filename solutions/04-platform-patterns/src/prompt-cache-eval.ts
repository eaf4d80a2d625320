/**
 * Runs support sessions through a prompt layout and a chat model, and measures what the
 * provider's prompt cache saved: the share of prompt tokens served from the cache and the cost
 * against the same calls without it. Checks, too, that the layout still gives the model every
 * part, once. Shared by the dev report and the DoD-2 tests. Given code.
 */
import { type ChatMessage, type ChatModel, costOf } from '@workshop/llm';
import type { PromptParts, SessionTurn } from './prompt-parts.ts';

/** A prompt layout: the messages that carry `parts`. */
export type PromptLayout = (parts: PromptParts) => ChatMessage[];

/** DoD-2's targets on the test sessions. */
export const CACHING_TARGETS = { cachedShare: 0.7, costSaved: 0.5 } as const;

/** What a session cost with a layout. */
export interface CachingScore {
  requests: number;
  /** Prompt tokens over every request. */
  inputTokens: number;
  /** Of those, served from the provider's prompt cache. */
  cachedTokens: number;
  /** `cachedTokens / inputTokens`. */
  cachedShare: number;
  /** What the calls cost (USD). */
  costUsd: number;
  /** What the same calls would have cost with no cached token. */
  uncachedCostUsd: number;
  /** `1 - costUsd / uncachedCostUsd`. */
  costSaved: number;
  /** Per request: prompt and cached tokens. */
  perRequest: { conversation: number; inputTokens: number; cachedTokens: number }[];
  /** What the layout dropped, repeated or misplaced, by request (empty when it gave the model everything). */
  problems: string[];
}

const text = (message: ChatMessage) => (typeof message.content === 'string' ? message.content : '');

function occurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}

/** What `messages` fail to carry of `parts`: each text part exactly once, the history as turns in order, the question last. */
export function missingParts(parts: PromptParts, messages: readonly ChatMessage[]): string[] {
  const problems: string[] = [];
  const all = messages.map(text).join('\n');
  const once: [string, string][] = [
    ['policy', parts.policy],
    ['examples', parts.examples],
    ['customer', parts.customer],
    ['now', parts.now],
    ...parts.documents.map((d, i): [string, string] => [`documents[${i}]`, d]),
  ];
  for (const [name, value] of once) {
    const n = occurrences(all, value);
    if (n !== 1) problems.push(`${name} appears ${n} times`);
  }
  let at = 0;
  for (const [i, turn] of parts.history.entries()) {
    while (
      at < messages.length &&
      !(messages[at]?.role === turn.role && text(messages[at] as ChatMessage) === turn.content)
    )
      at++;
    if (at === messages.length) {
      problems.push(`history[${i}] is not a ${turn.role} message of its own, in order`);
      break;
    }
    at++;
  }
  const last = messages.at(-1);
  if (last?.role !== 'user' || !text(last).includes(parts.question))
    problems.push('the last message is not the user question');
  return problems;
}

/** Runs every turn through `layout` and `model`, one request each. */
export async function runSessions(
  turns: readonly SessionTurn[],
  layout: PromptLayout,
  model: ChatModel,
): Promise<CachingScore> {
  const perRequest: CachingScore['perRequest'] = [];
  const problems: string[] = [];
  let costUsd = 0;
  let uncachedCostUsd = 0;
  for (const [index, { conversation, parts }] of turns.entries()) {
    const messages = layout(parts);
    for (const problem of missingParts(parts, messages)) problems.push(`request ${index + 1}: ${problem}`);
    const response = await model.generate({ messages, temperature: 0, maxOutputTokens: 120 });
    const { cachedInputTokens = 0, ...uncached } = response.usage;
    costUsd += response.cost.totalUsd;
    uncachedCostUsd += costOf(response.provider, model.modelId, uncached).totalUsd;
    perRequest.push({ conversation, inputTokens: response.usage.inputTokens, cachedTokens: cachedInputTokens });
  }
  const inputTokens = perRequest.reduce((n, r) => n + r.inputTokens, 0);
  const cachedTokens = perRequest.reduce((n, r) => n + r.cachedTokens, 0);
  return {
    requests: perRequest.length,
    inputTokens,
    cachedTokens,
    cachedShare: inputTokens === 0 ? 0 : cachedTokens / inputTokens,
    costUsd,
    uncachedCostUsd,
    costSaved: uncachedCostUsd === 0 ? 0 : 1 - costUsd / uncachedCostUsd,
    perRequest,
    problems,
  };
}

/** A common first layout, for comparison: one system message with the date first, then the question. */
export const naiveLayout: PromptLayout = (parts) => [
  {
    role: 'system',
    content: [
      `Now: ${parts.now}`,
      parts.customer,
      'Relevant handbook passages:',
      ...parts.documents,
      parts.policy,
      parts.examples,
    ].join('\n\n'),
  },
  ...parts.history,
  { role: 'user', content: parts.question },
];
