import { type Clock, systemClock } from '@workshop/kit';
import {
  type ChatCapabilities,
  type ChatModel,
  type ChatRequest,
  type ChatResponse,
  type ChatStreamEvent,
  isProviderError,
  type ProviderError,
} from '@workshop/llm';
import {
  type Attempt,
  attemptsOf,
  drain,
  isReportingChatModel,
  type OpenedStream,
  openStreamOn,
  type Reported,
  type ReportingChatModel,
  ResilienceError,
} from './attempts.ts';

/** Options of `FallbackChatModel`. */
export interface FallbackOptions {
  /**
   * Whether a failure should move on to the next provider. Default: every failure except the
   * caller aborting and an invalid request (the next provider would reject it too, and we would
   * pay the quality drop of a weaker model for nothing).
   */
  shouldFallBack?: (error: ProviderError) => boolean;
  /** Time source for the durations of attempts on plain (non-reporting) models. */
  clock?: Clock;
  /** Called after every attempt, on every provider. */
  onAttempt?: (attempt: Attempt) => void;
  /**
   * Deadline of one call across every retry of every provider, in ms (for streams: until the
   * stream opens). Per-attempt timeouts bound one try; without this, attempts × providers can add
   * up to minutes. When it passes, the call fails at once with a `timeout`, whatever is left to
   * try. Default: none.
   */
  deadlineMs?: number;
}

/** The default `shouldFallBack`. */
export function defaultShouldFallBack(error: ProviderError): boolean {
  return error.kind !== 'aborted' && error.kind !== 'invalid_request';
}

/** What every model in the chain can do: only that can be promised, since any of them may answer. */
function commonCapabilities(models: readonly ChatModel[]): ChatCapabilities {
  const windows = models.map((m) => m.capabilities.contextWindow);
  const known = windows.filter((w): w is number => w !== undefined);
  return {
    streaming: models.every((m) => m.capabilities.streaming),
    tools: models.every((m) => m.capabilities.tools),
    jsonOutput: models.every((m) => m.capabilities.jsonOutput),
    vision: models.every((m) => m.capabilities.vision),
    ...(known.length === windows.length ? { contextWindow: Math.min(...known) } : {}),
  };
}

/**
 * Tries providers in order (e.g. OpenAI → Ollama → offline) and answers with the first that
 * succeeds. Each member should be a `ResilientChatModel`, so it has already retried and its
 * breaker fails fast when it is down. The report says who answered and every attempt made.
 */
export class FallbackChatModel implements ReportingChatModel {
  readonly provider = 'fallback';
  /** `openai:gpt-4o-mini > ollama:llama3.2 > offline:…` */
  readonly modelId: string;
  /** What every member supports. */
  readonly capabilities: ChatCapabilities;
  /** The chain, primary first. */
  readonly models: readonly ChatModel[];
  readonly #shouldFallBack: (error: ProviderError) => boolean;
  readonly #clock: Clock;
  readonly #onAttempt: ((attempt: Attempt) => void) | undefined;
  readonly #deadlineMs: number | undefined;

  constructor(models: ChatModel[], options: FallbackOptions = {}) {
    if (models.length === 0) throw new RangeError('FallbackChatModel needs at least one model');
    this.models = [...models];
    this.modelId = models.map((m) => `${m.provider}:${m.modelId}`).join(' > ');
    this.capabilities = commonCapabilities(models);
    this.#shouldFallBack = options.shouldFallBack ?? defaultShouldFallBack;
    this.#clock = options.clock ?? systemClock;
    this.#onAttempt = options.onAttempt;
    if (options.deadlineMs !== undefined && !(options.deadlineMs > 0)) {
      throw new RangeError(`deadlineMs must be > 0, got ${options.deadlineMs}`);
    }
    this.#deadlineMs = options.deadlineMs;
  }

  async generate(request: ChatRequest): Promise<ChatResponse> {
    return (await this.generateWithReport(request)).value;
  }

  generateWithReport(request: ChatRequest): Promise<Reported<ChatResponse>> {
    return this.#withinDeadline(request, (req) =>
      this.execute(
        (model) =>
          isReportingChatModel(model) ? model.generateWithReport(req) : this.#once(model, () => model.generate(req)),
        req.signal,
      ),
    );
  }

  openStream(request: ChatRequest): Promise<Reported<OpenedStream>> {
    return this.#withinDeadline(request, (req) =>
      this.execute(
        (model) =>
          isReportingChatModel(model) ? model.openStream(req) : this.#once(model, () => openStreamOn(model, req)),
        req.signal,
      ),
    );
  }

  /**
   * Run `call` with the chain's overall deadline folded into the request's signal: every member
   * sees it as its caller giving up, so no retry, backoff or next provider starts after it. A
   * deadline (not the caller) ending the call becomes a `timeout` carrying the attempts made.
   */
  async #withinDeadline<T>(
    request: ChatRequest,
    call: (req: ChatRequest) => Promise<Reported<T>>,
  ): Promise<Reported<T>> {
    if (this.#deadlineMs === undefined) return call(request);
    const deadline = this.#clock.deadline(this.#deadlineMs);
    const signal = request.signal ? AbortSignal.any([request.signal, deadline.signal]) : deadline.signal;
    try {
      return await call({ ...request, signal });
    } catch (error) {
      if (!deadline.signal.aborted || request.signal?.aborted) throw error;
      throw new ResilienceError(
        'timeout',
        this.provider,
        `no answer within the chain's deadline of ${this.#deadlineMs} ms (retries and fallbacks included)`,
        attemptsOf(error) ?? [],
        { cause: error },
      );
    } finally {
      deadline.clear();
    }
  }

  async *stream(request: ChatRequest): AsyncIterable<ChatStreamEvent> {
    yield* drain((await this.openStream(request)).value);
  }

  /**
   * Run `operation` on each model in turn until one succeeds. Resolves with that value, the
   * provider that produced it, its position in the chain and all attempts; rejects with a
   * `ResilienceError` listing every provider's failure when none succeeds.
   */
  async execute<T>(
    operation: (model: ChatModel) => Promise<Reported<T>>,
    callerSignal?: AbortSignal,
  ): Promise<Reported<T>> {
    const attempts: Attempt[] = [];
    const failures: ProviderError[] = [];
    for (const [index, model] of this.models.entries()) {
      if (callerSignal?.aborted) {
        throw new ResilienceError('aborted', this.provider, 'aborted by the caller', attempts, {
          cause: callerSignal.reason,
        });
      }
      try {
        const result = await operation(model);
        this.#report(attempts, result.attempts);
        return { value: result.value, provider: result.provider, fallbackDepth: index, attempts };
      } catch (error) {
        // Not a ProviderError: a bug, not an outage. A fallback would only hide it.
        if (!isProviderError(error)) throw error;
        this.#report(attempts, attemptsOf(error) ?? [this.#attemptFor(model, error)]);
        if (!this.#shouldFallBack(error)) {
          if (index === 0) throw error;
          // Stop, but with every attempt of the call: an abort or a deadline in the second provider
          // must not hide what the first one cost.
          throw new ResilienceError(error.kind, error.provider, error.message, attempts, {
            ...(error.status === undefined ? {} : { status: error.status }),
            ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
            cause: error,
          });
        }
        failures.push(error);
      }
    }
    const detail = failures.map((f) => `${f.provider}: ${f.kind} (${f.message})`).join('; ');
    throw new ResilienceError(
      'unavailable',
      this.provider,
      `all ${failures.length} providers failed: ${detail}`,
      attempts,
      {
        cause: new AggregateError(failures, 'every provider in the fallback chain failed'),
      },
    );
  }

  /** Collect a member's attempts into the call's list and tell our observer. */
  #report(all: Attempt[], fresh: Attempt[]): void {
    for (const attempt of fresh) {
      all.push(attempt);
      this.#onAttempt?.(attempt);
    }
  }

  #attemptFor(model: ChatModel, error: ProviderError): Attempt {
    return {
      provider: model.provider,
      modelId: model.modelId,
      attempt: 1,
      outcome: error.kind,
      delayMs: 0,
      durationMs: 0,
      error: error.message,
    };
  }

  /** One plain call, reported as one attempt. */
  async #once<T>(model: ChatModel, call: () => Promise<T>): Promise<Reported<T>> {
    const start = this.#clock.now();
    const attempt = (outcome: Attempt['outcome'], error?: string): Attempt => ({
      provider: model.provider,
      modelId: model.modelId,
      attempt: 1,
      outcome,
      delayMs: 0,
      durationMs: this.#clock.now() - start,
      ...(error === undefined ? {} : { error }),
    });
    try {
      const value = await call();
      return { value, provider: model.provider, fallbackDepth: 0, attempts: [attempt('success')] };
    } catch (error) {
      if (!isProviderError(error)) throw error;
      throw new ResilienceError(error.kind, model.provider, error.message, [attempt(error.kind, error.message)], {
        ...(error.status === undefined ? {} : { status: error.status }),
        ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
        cause: error,
      });
    }
  }
}
