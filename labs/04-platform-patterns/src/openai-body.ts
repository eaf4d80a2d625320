/**
 * The Chat Completions request body for a spec `ChatRequest` — what one Batch API line carries.
 * Given, not an exercise: it is the same translation the OpenAI adapter does for live calls.
 */
import type { ChatMessage, ChatRequest } from '@workshop/llm';
import { z } from 'zod';

/** Chat Completions body for `model` and `request` (`signal` is dropped: a batch cannot be aborted per line). */
export function toChatCompletionBody(model: string, request: ChatRequest): Record<string, unknown> {
  const body: Record<string, unknown> = { model, messages: request.messages.map(toWireMessage) };
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.maxOutputTokens !== undefined) body.max_completion_tokens = request.maxOutputTokens;
  if (request.stop?.length) body.stop = request.stop;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.tools?.length) {
    body.tools = request.tools.map((tool) => ({
      type: 'function',
      function: { name: tool.name, description: tool.description, parameters: jsonSchema(tool.inputSchema) },
    }));
    if (request.toolChoice) body.tool_choice = request.toolChoice;
  }
  const format = request.responseFormat;
  if (format?.type === 'json') {
    body.response_format = format.schema
      ? { type: 'json_schema', json_schema: { name: format.name ?? 'response', schema: jsonSchema(format.schema) } }
      : { type: 'json_object' };
  }
  return body;
}

function toWireMessage(message: ChatMessage): Record<string, unknown> {
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content };
    case 'user':
      if (!message.images?.length) return { role: 'user', content: message.content };
      return {
        role: 'user',
        content: [
          { type: 'text', text: message.content },
          ...message.images.map((url) => ({ type: 'image_url', image_url: { url } })),
        ],
      };
    case 'assistant':
      if (!message.toolCalls?.length) return { role: 'assistant', content: message.content };
      return {
        role: 'assistant',
        // The API wants null, not "", for a turn that only calls tools.
        content: message.content === '' ? null : message.content,
        tool_calls: message.toolCalls.map((call) => ({
          id: call.id,
          type: 'function',
          function: { name: call.name, arguments: call.arguments },
        })),
      };
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  }
}

/** JSON Schema without the `$schema` dialect marker, which some servers reject. */
function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema) as Record<string, unknown>;
  return rest;
}
