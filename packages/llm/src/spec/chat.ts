import type { z } from 'zod';
import type { AssistantMessage, ChatMessage, ToolCall } from './messages.ts';
import type { Cost, TokenUsage } from './usage.ts';

/** A tool the model may call. The schema is the single source of truth for its arguments. */
export interface ToolDefinition<Schema extends z.ZodType = z.ZodType> {
  /** Name the model uses to call it: letters, digits, `_` and `-`. */
  name: string;
  /** What the tool does and when to use it; the model reads this. */
  description: string;
  /** zod schema of the arguments; adapters send it to the provider as JSON Schema. */
  inputSchema: Schema;
}

/** Ask for JSON output. With a schema, providers that support it constrain decoding to it. */
export interface JsonResponseFormat {
  type: 'json';
  /** zod schema the output should follow; sent as JSON Schema where supported. */
  schema?: z.ZodType;
  /** Name for the schema (OpenAI requires one for strict structured output). */
  name?: string;
}

/** One call to a chat model. */
export interface ChatRequest {
  /** The conversation so far, oldest first. */
  messages: ChatMessage[];
  /** Tools the model may call in this turn. */
  tools?: ToolDefinition[];
  /** `auto` (default) lets the model decide; `none` forbids tools; `required` forces one. */
  toolChoice?: 'auto' | 'none' | 'required';
  /** Sampling temperature; 0 for the most repeatable output. Provider default when unset. */
  temperature?: number;
  /** Upper bound on generated tokens. */
  maxOutputTokens?: number;
  /** Plain text (default) or JSON. */
  responseFormat?: { type: 'text' } | JsonResponseFormat;
  /** Stop sequences. */
  stop?: string[];
  /** Seed for providers that support reproducible sampling. */
  seed?: number;
  /** Abort the call: the adapter rejects with a `ProviderError` of kind `aborted`. */
  signal?: AbortSignal;
}

/** Why the model stopped. */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'error' | 'other';

/** The complete result of a chat call. */
export interface ChatResponse {
  /** Generated text; empty when the model only called tools. */
  text: string;
  /** Tool calls the model asked for; empty when none. */
  toolCalls: ToolCall[];
  /** Why generation ended. */
  finishReason: FinishReason;
  /** Token counts reported by the provider (estimated for the offline provider). */
  usage: TokenUsage;
  /** Cost from the price table. */
  cost: Cost;
  /** Provider id that served the call, e.g. `openai`, `ollama`, `offline`. */
  provider: string;
  /** Model id the provider reports having used. */
  model: string;
  /** Wall-clock time of the call in milliseconds, measured by the adapter. */
  latencyMs: number;
  /**
   * Milliseconds from the request until the first generated token arrived.
   * Set for streamed calls; for non-streamed calls it equals `latencyMs`.
   */
  timeToFirstTokenMs: number;
  /** The assistant turn, ready to append to `messages` for the next call. */
  message: AssistantMessage;
}

/** One event of a streamed chat call. */
export type ChatStreamEvent =
  /** A piece of generated text, in order. */
  | { type: 'text-delta'; text: string }
  /** A complete tool call (adapters assemble the streamed fragments). */
  | { type: 'tool-call'; toolCall: ToolCall }
  /** The last event: the same aggregate a non-streamed call returns. */
  | { type: 'finish'; response: ChatResponse };

/** What a chat model can do; check before relying on a feature. */
export interface ChatCapabilities {
  /** Supports `stream()` with incremental tokens (otherwise `stream()` yields one delta). */
  streaming: boolean;
  /** Supports `tools` and returns tool calls. */
  tools: boolean;
  /** Supports `responseFormat: { type: 'json' }`. */
  jsonOutput: boolean;
  /** Accepts `images` on user messages. */
  vision: boolean;
  /** Context window in tokens (input plus output), when known. */
  contextWindow?: number;
}

/** A chat model behind some provider. Implementations live in `providers/`. */
export interface ChatModel {
  /** Provider id: `openai`, `ollama`, `offline`, or a custom one. */
  readonly provider: string;
  /** Model id as the provider knows it, e.g. `gpt-4o-mini`, `llama3.2`. */
  readonly modelId: string;
  /** Feature flags. */
  readonly capabilities: ChatCapabilities;
  /** Run one call and return the whole response. Errors are `ProviderError`s. */
  generate(request: ChatRequest): Promise<ChatResponse>;
  /** Run one call as a stream. The last event is always `finish`. Errors are `ProviderError`s. */
  stream(request: ChatRequest): AsyncIterable<ChatStreamEvent>;
}
