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
import { type Clock, systemClock } from './clock.ts';

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
    // TODO: loop over attempts 1..this.#retry.maxAttempts, collecting an `Attempt` record for each
    // (provider, modelId, attempt, outcome, delayMs waited before it, durationMs by this.#clock)
    // and passing each one to this.#onAttempt. Per attempt:
    //  1. callerSignal already aborted → throw this.#aborted(attempts, callerSignal.reason).
    //  2. !this.breaker.tryAcquire() → record outcome 'circuit_open' and throw a ResilienceError of kind
    //     'unavailable' WITHOUT calling the provider (that is the point of an open circuit).
    //  3. Start a per-attempt deadline: `const deadline = this.#clock.deadline(this.#timeoutMs)`, and give the
    //     operation `AbortSignal.any([callerSignal, deadline.signal])` (just deadline.signal without a caller
    //     signal). Await `raceAbort(operation(signal), signal)` so an adapter that ignores the signal cannot
    //     hang us. ALWAYS `deadline.clear()` once it settles (a leaked timer keeps the process alive).
    //  4. Success → this.breaker.recordSuccess(), record 'success', return
    //     { value, provider: this.provider, fallbackDepth: 0, attempts }.
    //  5. Failure → turn what was thrown into one ProviderError:
    //     - callerSignal aborted → record 'aborted', breaker.recordNeutral(), throw this.#aborted(…): never retry it;
    //     - deadline.signal aborted → new ProviderError('timeout', this.provider, `no answer within … ms`, { cause }):
    //       the adapter only saw an aborted request (kind 'aborted'); only we know it was OUR deadline;
    //     - isProviderError(raw) → use it; anything else is a bug: breaker.recordNeutral() and rethrow it as is.
    //  6. HEALTH_FAILURES.has(error.kind) → breaker.recordFailure(), else breaker.recordNeutral(); record error.kind.
    //  7. Give up with a ResilienceError (same kind, status, retryAfterMs as `error`, cause: error, the attempts) when
    //     !error.retryable, when this was attempt maxAttempts, or when error.retryAfterMs > maxRetryAfterMs.
    //  8. Otherwise delayMs = backoffDelay(attempt, this.#retry, this.#random, error.retryAfterMs) and
    //     await this.#clock.sleep(delayMs, callerSignal) (an abort while sleeping → throw this.#aborted(…)).
    // (The `void`s only keep the linter quiet about helpers you are about to use; delete them.)
    void [operation, raceAbort, backoffDelay, HEALTH_FAILURES, ProviderError, isProviderError];
    void [this.#clock, this.#random, this.#onAttempt, this.#aborted, callerSignal];
    throw new Error(
      `TODO: ResilientChatModel.execute — call ${this.provider} with a ${this.#timeoutMs} ms deadline per attempt, up to ${this.#retry.maxAttempts} attempts with backoff, behind its circuit breaker`,
    );
  }

  #aborted(attempts: Attempt[], cause: unknown): ResilienceError {
    return new ResilienceError('aborted', this.provider, `${this.provider}: aborted by the caller`, attempts, {
      cause,
    });
  }
}
