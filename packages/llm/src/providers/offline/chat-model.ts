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
import { countMessageTokens, countTokens } from '../../tokens/count.ts';
import { makeUsage } from '../shared/usage.ts';
import { extractAnswer, SIMULATOR_PREFIX } from './extractive.ts';

/** Options of the offline chat simulator. */
export interface OfflineChatModelOptions {
  /** Model id reported in responses. Default `offline-extractive`. */
  model?: string;
  /** Pause between streamed words, for demos of streaming UIs. Default 0. */
  wordDelayMs?: number;
  /** Clock in milliseconds (injectable for tests). Default `performance.now`. */
  now?: () => number;
  /** How to wait `ms` milliseconds (injectable for tests). Default `setTimeout`. */
  sleep?: (ms: number) => Promise<void>;
  /** Price table for `cost`. Default: the built-in table (offline is priced at 0). */
  prices?: PriceTable;
}

const PROVIDER = 'offline';

/**
 * A deterministic, extractive stand-in for a chat model: no network, no key, no weights.
 * It answers with the sentences of the given context (system, earlier user and tool
 * messages) that best overlap the last user question, prefixed with `[offline simulator]`.
 * It cannot call tools or produce JSON; requests that demand either are rejected with
 * `invalid_request` instead of returning something that merely looks right.
 */
export class OfflineChatModel implements ChatModel {
  readonly provider = PROVIDER;
  readonly modelId: string;
  readonly capabilities: ChatCapabilities = { streaming: true, tools: false, jsonOutput: false, vision: false };
  private readonly wordDelayMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly prices: PriceTable;

  constructor(options: OfflineChatModelOptions = {}) {
    this.modelId = options.model ?? 'offline-extractive';
    this.wordDelayMs = options.wordDelayMs ?? 0;
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.prices = options.prices ?? DEFAULT_PRICES;
  }

  async generate(request: ChatRequest): Promise<ChatResponse> {
    for await (const event of this.stream(request)) {
      if (event.type === 'finish') {
        // Not streamed from the caller's point of view: the first token "arrives" with the whole answer.
        return { ...event.response, timeToFirstTokenMs: event.response.latencyMs };
      }
    }
    throw new ProviderError('bad_response', PROVIDER, 'offline simulator ended without a finish event');
  }

  async *stream(request: ChatRequest): AsyncIterable<ChatStreamEvent> {
    const started = this.now();
    this.checkSupported(request);
    throwIfAborted(request.signal);
    const { text, finishReason } = this.compose(request);
    let timeToFirstTokenMs: number | undefined;
    // Words keep their following whitespace so the deltas concatenate back to `text`.
    for (const word of text.match(/\S+\s*/g) ?? []) {
      if (this.wordDelayMs > 0) await this.sleep(this.wordDelayMs);
      throwIfAborted(request.signal);
      timeToFirstTokenMs ??= this.now() - started;
      yield { type: 'text-delta', text: word };
    }
    const usage = makeUsage(countMessageTokens(request.messages), countTokens(text));
    const latencyMs = this.now() - started;
    yield {
      type: 'finish',
      response: {
        text,
        toolCalls: [],
        finishReason,
        usage,
        cost: costOf(PROVIDER, this.modelId, usage, this.prices),
        provider: PROVIDER,
        model: this.modelId,
        latencyMs,
        timeToFirstTokenMs: timeToFirstTokenMs ?? latencyMs,
        message: { role: 'assistant', content: text },
      },
    };
  }

  /** Refuse what the simulator cannot honestly do, with a message that says what to change. */
  private checkSupported(request: ChatRequest): void {
    if (request.responseFormat?.type === 'json') {
      throw new ProviderError(
        'invalid_request',
        PROVIDER,
        'the offline simulator cannot produce JSON output; set LLM_PROVIDER=openai or ollama for structured output',
      );
    }
    if (request.toolChoice === 'required' && (request.tools?.length ?? 0) > 0) {
      throw new ProviderError(
        'invalid_request',
        PROVIDER,
        'the offline simulator cannot call tools (toolChoice "required"); set LLM_PROVIDER=openai or ollama',
      );
    }
  }

  /** The full answer, cut by stop sequences and `maxOutputTokens` like a real model's. */
  private compose(request: ChatRequest): { text: string; finishReason: FinishReason } {
    let text = SIMULATOR_PREFIX + extractAnswer(request.messages);
    for (const stop of request.stop ?? []) {
      const at = stop === '' ? -1 : text.indexOf(stop);
      if (at >= 0) text = text.slice(0, at);
    }
    const limit = request.maxOutputTokens;
    if (limit !== undefined && countTokens(text) > limit) {
      const words = text.match(/\S+\s*/g) ?? [];
      let cut = '';
      for (const word of words) {
        if (countTokens(cut + word) > limit) break;
        cut += word;
      }
      return { text: cut.trimEnd(), finishReason: 'length' };
    }
    return { text, finishReason: 'stop' };
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ProviderError('aborted', PROVIDER, 'the call was aborted by the caller');
}
