/**
 * Renders a scripted reply as Ollama's `/api/chat` answer: one JSON object, or NDJSON lines
 * (content pieces, a tool-call line, then the final `done: true` line with counts and
 * durations in nanoseconds).
 */
import { splitIntoDeltas } from '../core.ts';
import type { ResolvedReply } from '../reply.ts';

/** Ollama tool calls carry arguments as an object; a raw string that is not JSON is sent as is. */
function toolCallArguments(serialized: string): unknown {
  try {
    return JSON.parse(serialized);
  } catch {
    return serialized;
  }
}

/** The assistant message of a reply, in Ollama's shape. */
export function ollamaMessage(reply: ResolvedReply, content = reply.content ?? '') {
  return {
    role: 'assistant',
    content,
    ...(reply.toolCalls.length > 0
      ? {
          tool_calls: reply.toolCalls.map((call) => ({
            function: { name: call.name, arguments: toolCallArguments(call.arguments) },
          })),
        }
      : {}),
  };
}

/** Ollama's `done_reason`: it reports `stop` after tool calls too. */
function doneReason(reply: ResolvedReply): string {
  return reply.finishReason === 'length' ? 'length' : 'stop';
}

/** Counts and durations (ns) of the final line; durations derived from token counts, so deterministic. */
export function ollamaStats(reply: ResolvedReply) {
  const promptEvalCount = reply.usage.prompt_tokens;
  const evalCount = reply.usage.completion_tokens;
  const loadDuration = 1_000_000;
  const promptEvalDuration = promptEvalCount * 1_000_000;
  const evalDuration = evalCount * 20_000_000;
  return {
    done_reason: doneReason(reply),
    total_duration: loadDuration + promptEvalDuration + evalDuration,
    load_duration: loadDuration,
    prompt_eval_count: promptEvalCount,
    prompt_eval_duration: promptEvalDuration,
    eval_count: evalCount,
    eval_duration: evalDuration,
  };
}

/** The non-streamed `/api/chat` answer (`stream: false`). */
export function renderChat(reply: ResolvedReply, model: string, createdAt: string) {
  return { model, created_at: createdAt, message: ollamaMessage(reply), done: true, ...ollamaStats(reply) };
}

/** The NDJSON lines of a streamed `/api/chat` answer, each ending in `\n`. */
export function renderChatLines(reply: ResolvedReply, model: string, createdAt: string): string[] {
  const line = (message: object, done = false) => ({ model, created_at: createdAt, message, done });
  const lines: object[] = splitIntoDeltas(reply.content ?? '').map((piece) =>
    line({ role: 'assistant', content: piece }),
  );
  // Ollama sends tool calls whole, in one line, not as fragments.
  if (reply.toolCalls.length > 0) lines.push(line(ollamaMessage(reply, '')));
  lines.push({ ...line({ role: 'assistant', content: '' }, true), ...ollamaStats(reply) });
  return lines.map((value) => `${JSON.stringify(value)}\n`);
}
