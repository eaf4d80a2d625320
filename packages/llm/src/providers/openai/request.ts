import type { ChatCompletionCreateParamsBase, ChatCompletionTool } from 'openai/resources/chat/completions';
import type { ChatRequest, FinishReason } from '../../spec/chat.ts';
import { isStrictCompatible, toJsonSchema } from '../shared/json-schema.ts';
import { toOpenAIMessages } from './messages.ts';

/** Request body fields shared by streamed and non-streamed calls. */
export type BaseParams = Omit<ChatCompletionCreateParamsBase, 'stream' | 'stream_options'>;

/**
 * Build the Chat Completions body. `useMaxCompletionTokens`: OpenAI's own API wants
 * `max_completion_tokens` (required by reasoning models); compatible servers (vLLM,
 * LM Studio, Ollama's /v1) reliably understand only the older `max_tokens`.
 */
export function buildParams(model: string, request: ChatRequest, useMaxCompletionTokens: boolean): BaseParams {
  const params: BaseParams = { model, messages: toOpenAIMessages(request.messages) };
  if (request.temperature !== undefined) params.temperature = request.temperature;
  if (request.maxOutputTokens !== undefined) {
    if (useMaxCompletionTokens) params.max_completion_tokens = request.maxOutputTokens;
    else params.max_tokens = request.maxOutputTokens;
  }
  if (request.stop?.length) params.stop = request.stop;
  if (request.seed !== undefined) params.seed = request.seed;
  if (request.tools?.length) {
    params.tools = request.tools.map(
      (tool): ChatCompletionTool => ({
        type: 'function',
        function: { name: tool.name, description: tool.description, parameters: toJsonSchema(tool.inputSchema) },
      }),
    );
    if (request.toolChoice) params.tool_choice = request.toolChoice;
  }
  const format = request.responseFormat;
  if (format?.type === 'json') {
    if (format.schema) {
      const schema = toJsonSchema(format.schema);
      params.response_format = {
        type: 'json_schema',
        json_schema: { name: format.name ?? 'response', schema, strict: isStrictCompatible(schema) },
      };
    } else {
      params.response_format = { type: 'json_object' };
    }
  }
  return params;
}

/** Map the wire finish reason to the spec's. */
export function toFinishReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'stop':
    case 'length':
    case 'tool_calls':
    case 'content_filter':
      return reason;
    case 'function_call':
      return 'tool_calls';
    default:
      return 'other';
  }
}
