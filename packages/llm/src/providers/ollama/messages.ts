import type { Message, Tool } from 'ollama';
import type { ChatRequest } from '../../spec/chat.ts';
import { ProviderError } from '../../spec/errors.ts';
import type { ChatMessage } from '../../spec/messages.ts';
import { toJsonSchema } from '../shared/json-schema.ts';

/**
 * Translate spec messages to Ollama's format. Ollama's tool messages carry the tool's
 * name, not a call id, so the name is looked up from the assistant turn that made the call.
 */
export function toOllamaMessages(messages: readonly ChatMessage[]): Message[] {
  const toolNames = new Map<string, string>();
  return messages.map((message): Message => {
    switch (message.role) {
      case 'system':
        return { role: 'system', content: message.content };
      case 'user':
        return message.images?.length
          ? { role: 'user', content: message.content, images: message.images.map(toBase64Image) }
          : { role: 'user', content: message.content };
      case 'assistant':
        for (const call of message.toolCalls ?? []) toolNames.set(call.id, call.name);
        return {
          role: 'assistant',
          content: message.content,
          ...(message.toolCalls?.length
            ? {
                tool_calls: message.toolCalls.map((call) => ({
                  function: { name: call.name, arguments: parseArguments(call.arguments) },
                })),
              }
            : {}),
        };
      default: {
        // Only the tool message is left (the switch is exhaustive).
        const name = toolNames.get(message.toolCallId);
        return { role: 'tool', content: message.content, ...(name ? { tool_name: name } : {}) };
      }
    }
  });
}

/** Spec tools as Ollama tools (JSON Schema from zod). `toolChoice: 'none'` sends none. */
export function toOllamaTools(request: ChatRequest): Tool[] | undefined {
  if (!request.tools?.length || request.toolChoice === 'none') return undefined;
  return request.tools.map((tool) => ({
    type: 'function',
    function: {
      name: tool.name,
      description: tool.description,
      parameters: toJsonSchema(tool.inputSchema) as NonNullable<Tool['function']['parameters']>,
    },
  }));
}

/** Ollama's `format`: a JSON Schema, or `json` for any JSON. */
export function toOllamaFormat(request: ChatRequest): string | object | undefined {
  const format = request.responseFormat;
  if (format?.type !== 'json') return undefined;
  return format.schema ? toJsonSchema(format.schema) : 'json';
}

function parseArguments(raw: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(raw);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    // History may hold arguments the model produced invalid; send them as an empty object.
    return {};
  }
}

/** Ollama takes raw base64 images; it cannot fetch URLs. */
function toBase64Image(image: string): string {
  const match = image.match(/^data:[^;,]+;base64,(.*)$/s);
  if (match?.[1]) return match[1];
  if (/^https?:\/\//i.test(image)) {
    throw new ProviderError(
      'invalid_request',
      'ollama',
      'Ollama cannot fetch image URLs: pass images as data: URLs (base64)',
    );
  }
  return image;
}
