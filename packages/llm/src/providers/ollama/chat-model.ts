import type { ChatRequest as OllamaChatRequest, ChatResponse as OllamaChatResponse, Options } from 'ollama';
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
import { type CallClient, clientForCall, normalizeOllamaHost, type OllamaClientOptions } from './client.ts';
import { toProviderError } from './errors.ts';
import { checkKeepAlive } from './keep-alive.ts';
import { toOllamaFormat, toOllamaMessages, toOllamaTools } from './messages.ts';

const PROVIDER = 'ollama';

/** Options of `OllamaChatModel`. */
export interface OllamaChatModelOptions extends OllamaClientOptions {
  /** Model name as pulled, e.g. `llama3.2`, `qwen2.5:7b`. */
  model: string;
  /** Price table for `cost`. Default: the built-in table (local models at 0). */
  prices?: PriceTable;
  /** Override the capability flags (vision, context window… depend on the model). */
  capabilities?: Partial<ChatCapabilities>;
}

/** Chat with a local model through Ollama's native API (`/api/chat`), with the official `ollama` client. */
export class OllamaChatModel implements ChatModel {
  readonly provider = PROVIDER;
  readonly modelId: string;
  readonly capabilities: ChatCapabilities;
  /** Server URL. */
  readonly host: string;
  private readonly keepAlive: string | number | undefined;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch | undefined;
  private readonly prices: PriceTable;

  constructor(options: OllamaChatModelOptions) {
    if (!options.model)
      throw new ProviderError('config', PROVIDER, 'OllamaChatModel needs a model name (OLLAMA_MODEL)');
    this.modelId = options.model;
    this.host = normalizeOllamaHost(options.host);
    checkKeepAlive(options.keepAlive);
    this.keepAlive = options.keepAlive;
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.fetchImpl = options.fetch;
    this.prices = options.prices ?? DEFAULT_PRICES;
    this.capabilities = { streaming: true, tools: true, jsonOutput: true, vision: false, ...options.capabilities };
  }

  private body(request: ChatRequest): OllamaChatRequest {
    const options: Partial<Options> = {};
    if (request.temperature !== undefined) options.temperature = request.temperature;
    if (request.maxOutputTokens !== undefined) options.num_predict = request.maxOutputTokens;
    if (request.stop?.length) options.stop = request.stop;
    if (request.seed !== undefined) options.seed = request.seed;
    const tools = toOllamaTools(request);
    const format = toOllamaFormat(request);
    return {
      model: this.modelId,
      messages: toOllamaMessages(request.messages),
      ...(tools ? { tools } : {}),
      ...(format !== undefined ? { format } : {}),
      ...(this.keepAlive !== undefined ? { keep_alive: this.keepAlive } : {}),
      ...(Object.keys(options).length ? { options } : {}),
    };
  }

  private context(request: ChatRequest, call: CallClient) {
    return {
      host: this.host,
      model: this.modelId,
      signal: request.signal,
      timeoutSignal: call.timeoutSignal,
      timeoutMs: this.timeoutMs,
      responded: call.responded(),
    };
  }

  async generate(request: ChatRequest): Promise<ChatResponse> {
    const started = performance.now();
    const body = this.body(request);
    const call = clientForCall(this.host, this.timeoutMs, request.signal, this.fetchImpl);
    let answer: OllamaChatResponse;
    try {
      answer = await call.client.chat({ ...body, stream: false });
    } catch (error) {
      throw toProviderError(error, this.context(request, call));
    }
    const latencyMs = performance.now() - started;
    if (!answer?.message)
      throw new ProviderError('bad_response', PROVIDER, `the answer from ${this.host} has no message`);
    const text = answer.message.content ?? '';
    const toolCalls = toToolCalls(answer.message.tool_calls, 0);
    return this.response({
      text,
      toolCalls,
      finishReason: finishReasonOf(answer.done_reason, toolCalls),
      usage: this.usageOf(answer, request, text, toolCalls),
      model: answer.model || this.modelId,
      latencyMs,
      timeToFirstTokenMs: latencyMs,
    });
  }

  async *stream(request: ChatRequest): AsyncIterable<ChatStreamEvent> {
    const started = performance.now();
    const body = this.body(request);
    const call = clientForCall(this.host, this.timeoutMs, request.signal, this.fetchImpl);
    let text = '';
    const toolCalls: ToolCall[] = [];
    let timeToFirstTokenMs: number | undefined;
    let last: OllamaChatResponse | undefined;
    try {
      const parts = await call.client.chat({ ...body, stream: true });
      for await (const part of parts) {
        last = part;
        const content = part.message?.content ?? '';
        const calls = toToolCalls(part.message?.tool_calls, toolCalls.length);
        if (content || calls.length) timeToFirstTokenMs ??= performance.now() - started;
        if (content) {
          text += content;
          yield { type: 'text-delta', text: content };
        }
        for (const toolCall of calls) {
          toolCalls.push(toolCall);
          yield { type: 'tool-call', toolCall };
        }
      }
    } catch (error) {
      throw toProviderError(error, this.context(request, call));
    }
    if (!last?.done) {
      throw new ProviderError('bad_response', PROVIDER, `the stream from ${this.host} ended before the model finished`);
    }
    const latencyMs = performance.now() - started;
    yield {
      type: 'finish',
      response: this.response({
        text,
        toolCalls,
        finishReason: finishReasonOf(last.done_reason, toolCalls),
        usage: this.usageOf(last, request, text, toolCalls),
        model: last.model || this.modelId,
        latencyMs,
        timeToFirstTokenMs: timeToFirstTokenMs ?? latencyMs,
      }),
    };
  }

  /** Ollama reports prompt_eval_count/eval_count; it omits them in some cases (e.g. a cached prompt), then we count. */
  private usageOf(answer: OllamaChatResponse, request: ChatRequest, text: string, toolCalls: ToolCall[]): TokenUsage {
    const input = answer.prompt_eval_count ?? countMessageTokens(request.messages, this.modelId);
    const output =
      answer.eval_count ??
      countTokens(text, this.modelId) + toolCalls.reduce((n, c) => n + countTokens(c.arguments, this.modelId), 0);
    return makeUsage(input, output);
  }

  private response(parts: Omit<ChatResponse, 'cost' | 'provider' | 'message'>): ChatResponse {
    return {
      ...parts,
      cost: costOf(PROVIDER, parts.model, parts.usage, this.prices),
      provider: PROVIDER,
      message: {
        role: 'assistant',
        content: parts.text,
        ...(parts.toolCalls.length ? { toolCalls: parts.toolCalls } : {}),
      },
    };
  }
}

/** Ollama tool calls carry parsed arguments and (in older servers) no id: serialise and number them. */
function toToolCalls(calls: OllamaChatResponse['message']['tool_calls'], offset: number): ToolCall[] {
  return (calls ?? []).map((call, index) => ({
    id: (call as { id?: string }).id || `call_${offset + index}`,
    name: call.function.name,
    arguments: JSON.stringify(call.function.arguments ?? {}),
  }));
}

function finishReasonOf(doneReason: string | undefined, toolCalls: ToolCall[]): FinishReason {
  if (toolCalls.length) return 'tool_calls';
  if (doneReason === 'stop' || doneReason === 'length') return doneReason;
  return doneReason === undefined || doneReason === '' ? 'stop' : 'other';
}
