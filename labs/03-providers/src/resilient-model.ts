import { type Clock, systemClock } from '@workshop/kit';
import {
  type ChatCapabilities,
  type ChatModel,
  type ChatRequest,
  type ChatResponse,
  type ChatStreamEvent,
  isProviderError,
  ProviderError,
  type ProviderErrorKind,
} from '@workshop/llm';
import {
  type Attempt,
  drain,
  type OpenedStream,
  openStreamOn,
  type Reported,
  type ReportingChatModel,
  ResilienceError,
} from './attempts.ts';
import { type BackoffPolicy, backoffDelay } from './backoff.ts';
import { type BreakerOptions, CircuitBreaker } from './circuit-breaker.ts';

/** How persistently to retry one provider. */
export interface RetryPolicy extends BackoffPolicy {
  /** Attempts in total, the first included (1 = no retries). */
  maxAttempts: number;
  /**
   * Longest Retry-After we are willing to wait, in ms. A provider that asks for more is treated
   * as out of retries, so a fallback can answer now instead of the user waiting.
   */
  maxRetryAfterMs: number;
}

/** Defaults for an interactive chat call: three tries within a few seconds. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
  maxRetryAfterMs: 10_000,
};

/** Default per-attempt deadline, in ms. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Options of `ResilientChatModel`. */
export interface ResilienceOptions {
  /** Deadline of each attempt, in ms (for streams: until the first event). */
  timeoutMs?: number;
  /** Retry policy; unset fields take `DEFAULT_RETRY_POLICY`'s. */
  retry?: Partial<RetryPolicy>;
  /** A breaker to use (e.g. shared by several wrappers of the same provider), or options for a new one. */
  breaker?: CircuitBreaker | Omit<Partial<BreakerOptions>, 'clock'>;
  /** Time source for deadlines, backoff and the breaker's cool-down. */
  clock?: Clock;
  /** Uniform random number in [0, 1) for jitter. */
  random?: () => number;
  /** Called after every attempt: feed it to your metrics. */
  onAttempt?: (attempt: Attempt) => void;
}

/** Error kinds that say the provider is unhealthy, so they count against its circuit breaker. */
const HEALTH_FAILURES: ReadonlySet<ProviderErrorKind> = new Set([
  'timeout',
  'unavailable',
  'bad_response',
  'rate_limit',
]);

/** Reject as soon as `signal` aborts, even if the underlying call ignores the signal and hangs. */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => {}); // settled later; its outcome no longer matters
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Wraps any `ChatModel` with a per-attempt timeout, retries with capped exponential backoff and
 * full jitter (honouring Retry-After), and a circuit breaker. It is itself a `ChatModel` with the
 * same provider, model id and capabilities, so callers cannot tell it is there.
 */
export class ResilientChatModel implements ReportingChatModel {
  readonly provider: string;
  readonly modelId: string;
  readonly capabilities: ChatCapabilities;
  /** This provider's circuit breaker (inspect `state` for health dashboards). */
  readonly breaker: CircuitBreaker;
  /** The wrapped model. */
  readonly inner: ChatModel;
  readonly #retry: RetryPolicy;
  readonly #timeoutMs: number;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #onAttempt: ((attempt: Attempt) => void) | undefined;

  constructor(inner: ChatModel, options: ResilienceOptions = {}) {
    this.inner = inner;
    this.provider = inner.provider;
    this.modelId = inner.modelId;
    this.capabilities = inner.capabilities;
    this.#retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#onAttempt = options.onAttempt;
    this.breaker =
      options.breaker instanceof CircuitBreaker
        ? options.breaker
        : new CircuitBreaker({ ...options.breaker, clock: this.#clock });
    if (!Number.isInteger(this.#retry.maxAttempts) || this.#retry.maxAttempts < 1) {
      throw new RangeError(`retry.maxAttempts must be an integer >= 1, got ${this.#retry.maxAttempts}`);
    }
    if (!(this.#timeoutMs > 0)) throw new RangeError(`timeoutMs must be > 0, got ${this.#timeoutMs}`);
  }

  async generate(request: ChatRequest): Promise<ChatResponse> {
    return (await this.generateWithReport(request)).value;
  }

  generateWithReport(request: ChatRequest): Promise<Reported<ChatResponse>> {
    return this.execute((signal) => this.inner.generate({ ...request, signal }), request.signal);
  }

  /**
   * Retries cover opening the stream, up to its first event. After that we are committed:
   * retrying would repeat text the caller may already have shown to a user.
   */
  openStream(request: ChatRequest): Promise<Reported<OpenedStream>> {
    return this.execute((signal) => openStreamOn(this.inner, { ...request, signal }), request.signal);
  }

  async *stream(request: ChatRequest): AsyncIterable<ChatStreamEvent> {
    yield* drain((await this.openStream(request)).value);
  }

  /**
   * Run `operation` (one call to the provider, given the signal to pass on) with the timeout,
   * retry and breaker rules. Resolves with its value and every attempt made; rejects with a
   * `ResilienceError` (same kind as the last failure) that carries the attempts.
   */
  async execute<T>(operation: (signal: AbortSignal) => Promise<T>, callerSignal?: AbortSignal): Promise<Reported<T>> {
    const attempts: Attempt[] = [];
    let delayMs = 0;
    for (let attempt = 1; ; attempt++) {
      if (callerSignal?.aborted) throw this.#aborted(attempts, callerSignal.reason);
      const record = (outcome: Attempt['outcome'], start: number, error?: string) => {
        const entry: Attempt = {
          provider: this.provider,
          modelId: this.modelId,
          attempt,
          outcome,
          delayMs,
          durationMs: this.#clock.now() - start,
          ...(error === undefined ? {} : { error }),
        };
        attempts.push(entry);
        this.#onAttempt?.(entry);
      };

      if (!this.breaker.tryAcquire()) {
        // Fail fast: the point of an open circuit is that we do not even try.
        record('circuit_open', this.#clock.now(), 'circuit open');
        throw new ResilienceError(
          'unavailable',
          this.provider,
          `${this.provider}: circuit open after ${this.breaker.consecutiveFailures} consecutive failures; not called`,
          attempts,
        );
      }

      const start = this.#clock.now();
      const deadline = this.#clock.deadline(this.#timeoutMs);
      const signal = callerSignal ? AbortSignal.any([callerSignal, deadline.signal]) : deadline.signal;
      let error: ProviderError;
      try {
        const value = await raceAbort(operation(signal), signal);
        this.breaker.recordSuccess();
        record('success', start);
        return { value, provider: this.provider, fallbackDepth: 0, attempts };
      } catch (raw) {
        if (callerSignal?.aborted) {
          this.breaker.recordNeutral();
          record('aborted', start, 'aborted by the caller');
          throw this.#aborted(attempts, raw);
        }
        if (deadline.signal.aborted) {
          // The adapter reports its aborted request as `aborted`; we know it was our deadline.
          error = new ProviderError('timeout', this.provider, `no answer within ${this.#timeoutMs} ms`, { cause: raw });
        } else if (isProviderError(raw)) {
          error = raw;
        } else {
          // Not a ProviderError: a bug in an adapter, not an outage. Do not retry or hide it.
          this.breaker.recordNeutral();
          throw raw;
        }
      } finally {
        deadline.clear();
      }

      if (HEALTH_FAILURES.has(error.kind)) this.breaker.recordFailure();
      else this.breaker.recordNeutral();
      record(error.kind, start, error.message);

      const giveUp = (why: string) =>
        new ResilienceError(error.kind, this.provider, `${this.provider}: ${error.message} (${why})`, attempts, {
          ...(error.status === undefined ? {} : { status: error.status }),
          ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
          cause: error,
        });
      if (!error.retryable) throw giveUp('not retryable');
      if (attempt >= this.#retry.maxAttempts) throw giveUp(`gave up after ${attempt} attempts`);
      if ((error.retryAfterMs ?? 0) > this.#retry.maxRetryAfterMs) {
        throw giveUp(
          `asked to wait ${error.retryAfterMs} ms, more than the ${this.#retry.maxRetryAfterMs} ms we allow`,
        );
      }

      delayMs = backoffDelay(attempt, this.#retry, this.#random, error.retryAfterMs);
      try {
        await this.#clock.sleep(delayMs, callerSignal);
      } catch (reason) {
        throw this.#aborted(attempts, reason);
      }
    }
  }

  #aborted(attempts: Attempt[], cause: unknown): ResilienceError {
    return new ResilienceError('aborted', this.provider, `${this.provider}: aborted by the caller`, attempts, {
      cause,
    });
  }
}
