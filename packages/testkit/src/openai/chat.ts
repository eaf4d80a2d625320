/**
 * Renders a scripted reply as an OpenAI chat completion: one JSON object, or the SSE
 * chunks the API streams (`chat.completion.chunk`, tool-call fragments, usage, `[DONE]`).
 */
import { splitIntoDeltas } from '../core.ts';
import type { ResolvedReply } from '../reply.ts';

/** Fields shared by a completion and its chunks. */
export interface CompletionMeta {
  id: string;
  created: number;
  model: string;
}

/** The non-streamed `chat.completion` object. */
export function renderCompletion(reply: ResolvedReply, meta: CompletionMeta) {
  return {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: reply.content,
          refusal: null,
          ...(reply.toolCalls.length > 0
            ? {
                tool_calls: reply.toolCalls.map((call) => ({
                  id: call.id,
                  type: 'function',
                  function: { name: call.name, arguments: call.arguments },
                })),
              }
            : {}),
        },
        logprobs: null,
        finish_reason: reply.finishReason,
      },
    ],
    usage: reply.usage,
    system_fingerprint: 'fp_testkit',
  };
}

/** Size of the argument fragments of a streamed tool call, in characters. */
const ARGUMENT_FRAGMENT = 12;

/**
 * The SSE events of a streamed completion, each framed as `data: …\n\n`, ending with
 * `data: [DONE]`. With `includeUsage`, every chunk carries `usage: null` and one more
 * chunk with empty `choices` carries the usage, as the API does.
 */
export function renderChunks(reply: ResolvedReply, meta: CompletionMeta, includeUsage: boolean): string[] {
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
    id: meta.id,
    object: 'chat.completion.chunk',
    created: meta.created,
    model: meta.model,
    system_fingerprint: 'fp_testkit',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(includeUsage ? { usage: null } : {}),
  });

  const events: unknown[] = [chunk({ role: 'assistant', content: '', refusal: null })];
  for (const piece of splitIntoDeltas(reply.content ?? '')) events.push(chunk({ content: piece }));
  reply.toolCalls.forEach((call, index) => {
    events.push(
      chunk({
        tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }],
      }),
    );
    for (let at = 0; at < call.arguments.length; at += ARGUMENT_FRAGMENT) {
      const fragment = call.arguments.slice(at, at + ARGUMENT_FRAGMENT);
      events.push(chunk({ tool_calls: [{ index, function: { arguments: fragment } }] }));
    }
  });
  events.push(chunk({}, reply.finishReason));
  if (includeUsage) {
    events.push({
      id: meta.id,
      object: 'chat.completion.chunk',
      created: meta.created,
      model: meta.model,
      system_fingerprint: 'fp_testkit',
      choices: [],
      usage: reply.usage,
    });
  }
  return [...events.map((event) => `data: ${JSON.stringify(event)}\n\n`), 'data: [DONE]\n\n'];
}
