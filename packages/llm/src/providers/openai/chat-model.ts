import OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions';
import { costOf, DEFAULT_PRICES, type PriceTable } from '../../pricing/cost.ts';
import type {
  ChatCapabilities,
  ChatModel,
  ChatRequest,
  ChatResponse,
  ChatStreamEvent,
  FinishReason,
} from '../../spec/chat.ts';
import { ProviderError } from '../../spec/errors.ts';
import type { ToolCall } from '../../spec/messages.ts';
import type { TokenUsage } from '../../spec/usage.ts';
import { countMessageTokens, countTokens } from '../../tokens/count.ts';
import { makeUsage } from '../shared/usage.ts';
import { toProviderError } from './errors.ts';
import { buildParams, toFinishReason } from './request.ts';

/** OpenAI's own endpoint; anything else is treated as an OpenAI-compatible server. */
export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** Options shared by the OpenAI chat and embedding adapters. */
export interface OpenAIClientOptions {
  /** API key. Optional for compatible servers that do not check one (a placeholder is sent). */
  apiKey?: string;
  /** Base URL of the API. Default `https://api.openai.com/v1`; set it for vLLM, LM Studio, Ollama's /v1… */
  baseURL?: string;
  /** Per-request timeout in milliseconds. Default 60 000. */
  timeoutMs?: number;
  /** Retries inside the client. Default 0: retry policy belongs to the caller (see lab 03). */
  maxRetries?: number;
  /** Custom fetch implementation (proxies, tests). Default: the global fetch. */
  fetch?: typeof fetch;
  /** Price table for `cost`. Default: the built-in table. */
  prices?: PriceTable;
  /** Provider id reported in responses and errors. Default `openai`. */
  providerName?: string;
}

/** Options of `OpenAIChatModel`. */
export interface OpenAIChatModelOptions extends OpenAIClientOptions {
  /** Model id, e.g. `gpt-4o-mini`, or whatever the compatible server serves. */
  model: string;
  /** Override the capability flags (compatible servers vary). */
  capabilities?: Partial<ChatCapabilities>;
}

/** Placeholder key for compatible servers: the client refuses to start without one. */
const NO_KEY = 'no-key-required';

/** Build the real `openai` client from adapter options. */
export function createOpenAIClient(options: OpenAIClientOptions): { client: OpenAI; baseURL: string } {
  const baseURL = (options.baseURL ?? OPENAI_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const isOpenAI = baseURL === OPENAI_DEFAULT_BASE_URL;
  if (isOpenAI && !options.apiKey) {
    throw new ProviderError(
      'config',
      options.providerName ?? 'openai',
      'OPENAI_API_KEY is not set: the OpenAI API needs a key',
    );
  }
  const client = new OpenAI({
    // Always explicit: otherwise the client silently reads OPENAI_API_KEY/OPENAI_BASE_URL itself.
    apiKey: options.apiKey || NO_KEY,
    baseURL,
    timeout: options.timeoutMs ?? 60_000,
    maxRetries: options.maxRetries ?? 0,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return { client, baseURL };
}

/** Chat over the OpenAI Chat Completions API, with the official `openai` client. */
export class OpenAIChatModel implements ChatModel {
  readonly provider: string;
  readonly modelId: string;
  readonly capabilities: ChatCapabilities;
  /** Base URL the client talks to. */
  readonly baseURL: string;
  private readonly client: OpenAI;
  private readonly prices: PriceTable;

  constructor(options: OpenAIChatModelOptions) {
    this.provider = options.providerName ?? 'openai';
    if (!options.model)
      throw new ProviderError('config', this.provider, 'OpenAIChatModel needs a model id (OPENAI_MODEL)');
    const { client, baseURL } = createOpenAIClient(options);
    this.client = client;
    this.baseURL = baseURL;
    this.modelId = options.model;
    this.prices = options.prices ?? DEFAULT_PRICES;
    this.capabilities = { streaming: true, tools: true, jsonOutput: true, vision: true, ...options.capabilities };
  }

  private get isOpenAI(): boolean {
    return this.baseURL === OPENAI_DEFAULT_BASE_URL;
  }

  private errorContext(request: ChatRequest, streaming = false) {
    return { provider: this.provider, baseURL: this.baseURL, model: this.modelId, signal: request.signal, streaming };
  }

  async generate(request: ChatRequest): Promise<ChatResponse> {
    const started = performance.now();
    let completion: ChatCompletion;
    try {
      completion = await this.client.chat.completions.create(
        { ...buildParams(this.modelId, request, this.isOpenAI), stream: false },
        { signal: request.signal ?? null },
      );
    } catch (error) {
      throw toProviderError(error, this.errorContext(request));
    }
    const latencyMs = performance.now() - started;
    const choice = completion.choices?.[0];
    if (!choice) {
      throw new ProviderError('bad_response', this.provider, `the answer from ${this.baseURL} has no choices`);
    }
    const text = choice.message.content ?? '';
    const toolCalls: ToolCall[] = [];
    for (const call of choice.message.tool_calls ?? []) {
      if (call.type === 'function')
        toolCalls.push({ id: call.id, name: call.function.name, arguments: call.function.arguments });
    }
    const usage = completion.usage
      ? makeUsage(
          completion.usage.prompt_tokens,
          completion.usage.completion_tokens,
          completion.usage.prompt_tokens_details?.cached_tokens,
        )
      : this.estimateUsage(request, text, toolCalls);
    return this.response({
      text,
      toolCalls,
      finishReason: toFinishReason(choice.finish_reason),
      usage,
      model: completion.model || this.modelId,
      latencyMs,
      timeToFirstTokenMs: latencyMs,
    });
  }

  async *stream(request: ChatRequest): AsyncIterable<ChatStreamEvent> {
    const started = performance.now();
    let chunks: AsyncIterable<ChatCompletionChunk>;
    try {
      chunks = await this.client.chat.completions.create(
        { ...buildParams(this.modelId, request, this.isOpenAI), stream: true, stream_options: { include_usage: true } },
        { signal: request.signal ?? null },
      );
    } catch (error) {
      throw toProviderError(error, this.errorContext(request));
    }
    let text = '';
    let timeToFirstTokenMs: number | undefined;
    let finishReason: FinishReason | undefined;
    let usage: TokenUsage | undefined;
    let model = this.modelId;
    // Tool calls arrive as fragments keyed by index: id and name first, then argument pieces.
    const partial = new Map<number, { id: string; name: string; arguments: string }>();
    try {
      for await (const chunk of chunks) {
        if (chunk.model) model = chunk.model;
        if (chunk.usage) {
          const { prompt_tokens, completion_tokens, prompt_tokens_details } = chunk.usage;
          usage = makeUsage(prompt_tokens, completion_tokens, prompt_tokens_details?.cached_tokens);
        }
        const choice = chunk.choices?.[0];
        if (!choice) continue;
        const delta = choice.delta ?? {};
        if (delta.content || delta.tool_calls?.length) timeToFirstTokenMs ??= performance.now() - started;
        if (delta.content) {
          text += delta.content;
          yield { type: 'text-delta', text: delta.content };
        }
        for (const fragment of delta.tool_calls ?? []) {
          const call = partial.get(fragment.index) ?? { id: '', name: '', arguments: '' };
          if (fragment.id) call.id = fragment.id;
          if (fragment.function?.name) call.name += fragment.function.name;
          if (fragment.function?.arguments) call.arguments += fragment.function.arguments;
          partial.set(fragment.index, call);
        }
        if (choice.finish_reason) finishReason = toFinishReason(choice.finish_reason);
      }
    } catch (error) {
      throw toProviderError(error, this.errorContext(request, true));
    }
    if (finishReason === undefined) {
      throw new ProviderError(
        'bad_response',
        this.provider,
        `the stream from ${this.baseURL} ended before the model finished`,
      );
    }
    const toolCalls = [...partial.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
    for (const toolCall of toolCalls) yield { type: 'tool-call', toolCall };
    const latencyMs = performance.now() - started;
    yield {
      type: 'finish',
      response: this.response({
        text,
        toolCalls,
        finishReason,
        usage: usage ?? this.estimateUsage(request, text, toolCalls),
        model,
        latencyMs,
        timeToFirstTokenMs: timeToFirstTokenMs ?? latencyMs,
      }),
    };
  }

  /** Some compatible servers omit usage; count with the tokenizer rather than report zero. */
  private estimateUsage(request: ChatRequest, text: string, toolCalls: ToolCall[]): TokenUsage {
    const output =
      countTokens(text, this.modelId) +
      toolCalls.reduce((n, c) => n + countTokens(c.name + c.arguments, this.modelId), 0);
    return makeUsage(countMessageTokens(request.messages, this.modelId), output);
  }

  private response(parts: Omit<ChatResponse, 'cost' | 'provider' | 'message'>): ChatResponse {
    // Snapshot ids like gpt-4o-mini-2024-07-18 are priced like their alias; fall back to the configured id.
    let cost = costOf(this.provider, parts.model, parts.usage, this.prices);
    if (!cost.priced) cost = costOf(this.provider, this.modelId, parts.usage, this.prices);
    return {
      ...parts,
      cost,
      provider: this.provider,
      message: {
        role: 'assistant',
        content: parts.text,
        ...(parts.toolCalls.length ? { toolCalls: parts.toolCalls } : {}),
      },
    };
  }
}
