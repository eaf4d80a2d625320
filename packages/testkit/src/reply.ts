/**
 * Provider-neutral handling of a scripted chat reply: the default echo reply, tool-call
 * argument serialisation, finish reason and usage estimates. Emulators render the result.
 */
import { DEFAULT_CUT_AFTER_CHUNKS, estimateTokens, isFault, type ScriptQueue } from './core.ts';
import type { Fault, ScriptedReply, ScriptStep } from './types.ts';

/** A reply ready to render: the script step with defaults filled in. */
export interface ResolvedReply {
  content: string | null;
  toolCalls: { id: string; name: string; arguments: string }[];
  finishReason: NonNullable<ScriptedReply['finishReason']>;
  usage: {
    prompt_tokens: number;
    completion_tokens: number;
    total_tokens: number;
    /** Of the prompt tokens, those served from the provider's prompt cache (OpenAI). */
    prompt_tokens_details?: { cached_tokens: number };
  };
}

/** Text of the last user message (string content or the text parts of an array), or ''. */
export function lastUserText(messages: unknown): string {
  if (!Array.isArray(messages)) return '';
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as { role?: unknown; content?: unknown };
    if (message?.role === 'user') return contentText(message.content);
  }
  return '';
}

/** Text of a message's content: a string, or the `text` of its parts. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (typeof part?.text === 'string' ? part.text : ''))
      .filter(Boolean)
      .join('\n');
  }
  return '';
}

/** Tool call arguments as the wire carries them: a JSON string (raw strings are sent as is). */
export function serializeArguments(args: unknown): string {
  return typeof args === 'string' ? args : JSON.stringify(args ?? {});
}

/** Fills in the defaults of a scripted reply for a request with these `messages`. */
export function resolveReply(reply: ScriptedReply, messages: unknown, idPrefix: string): ResolvedReply {
  const toolCalls = (reply.toolCalls ?? []).map((call, index) => ({
    id: call.id ?? `${idPrefix}_${index}`,
    name: call.name,
    arguments: serializeArguments(call.arguments),
  }));
  const content = reply.content ?? (toolCalls.length > 0 ? null : '');
  const promptText = Array.isArray(messages)
    ? messages.map((m) => contentText((m as { content?: unknown })?.content)).join('\n')
    : '';
  const outputText = (content ?? '') + toolCalls.map((c) => c.name + c.arguments).join('');
  const promptTokens = reply.usage?.inputTokens ?? estimateTokens(promptText);
  const completionTokens = reply.usage?.outputTokens ?? estimateTokens(outputText);
  return {
    content,
    toolCalls,
    finishReason: reply.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  };
}

/** What a chat request gets next: a fault to answer with, or a reply (possibly cut mid-stream). */
export type NextAnswer =
  | { kind: 'fault'; fault: Fault }
  | { kind: 'reply'; reply: ScriptedReply; cutAfterChunks: number | undefined };

/**
 * Takes the next scripted step for a chat request. An empty script asks `fallback` (a responder
 * the test set), else gives the default reply (the last user message echoed). A scripted
 * `stream_cut` on a streamed request becomes the default reply cut after `afterChunks` chunks;
 * other faults are returned.
 */
export function nextAnswer(
  script: ScriptQueue<ScriptStep>,
  messages: unknown,
  streamed: boolean,
  streamCut: { afterChunks: number } | undefined,
  fallback?: () => ScriptStep,
): NextAnswer {
  const step: ScriptStep = script.next() ?? fallback?.() ?? { content: lastUserText(messages) };
  if (!isFault(step)) return { kind: 'reply', reply: step, cutAfterChunks: streamCut?.afterChunks };
  if (step.fault === 'stream_cut' && streamed) {
    return {
      kind: 'reply',
      reply: { content: lastUserText(messages) },
      cutAfterChunks: step.afterChunks ?? DEFAULT_CUT_AFTER_CHUNKS,
    };
  }
  return { kind: 'fault', fault: step };
}
