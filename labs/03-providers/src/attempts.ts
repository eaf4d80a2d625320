import {
  type ChatModel,
  type ChatRequest,
  type ChatResponse,
  type ChatStreamEvent,
  ProviderError,
  type ProviderErrorKind,
} from '@workshop/llm';

/** How one attempt on one provider ended. */
export type AttemptOutcome =
  /** The provider answered. */
  | 'success'
  /** Not sent at all: the provider's circuit breaker was open. */
  | 'circuit_open'
  /** Sent and failed with this `ProviderError` kind. */
  | ProviderErrorKind;

/** One try on one provider: the raw material of the error, timeout and fallback-rate KPIs. */
export interface Attempt {
  /** Provider id, e.g. `openai`. */
  provider: string;
  /** Model id on that provider. */
  modelId: string;
  /** 1-based number of this attempt on this provider within one call. */
  attempt: number;
  /** How it ended. */
  outcome: AttemptOutcome;
  /** Backoff waited before this attempt, in ms (0 for the first). */
  delayMs: number;
  /** Time from sending to settling, in ms, by the injected clock. */
  durationMs: number;
  /** The error message when it failed. */
  error?: string;
}

/** A result plus how it was obtained. */
export interface Reported<T> {
  /** What the provider returned. */
  value: T;
  /** Provider id that produced `value`. */
  provider: string;
  /** Position of that provider in the fallback chain: 0 = the primary answered. */
  fallbackDepth: number;
  /** Every attempt made, in order, the successful one last. */
  attempts: Attempt[];
}

/** A stream whose first event has arrived: from here on the caller is committed to this provider. */
export interface OpenedStream {
  /** The first event. */
  first: IteratorResult<ChatStreamEvent>;
  /** The rest of the stream. */
  rest: AsyncIterator<ChatStreamEvent>;
}

/** A chat model that can also say how it got its answer. The resilient wrappers are. */
export interface ReportingChatModel extends ChatModel {
  /** Like `generate`, plus the attempts made. */
  generateWithReport(request: ChatRequest): Promise<Reported<ChatResponse>>;
  /** Start a stream and wait for its first event, plus the attempts made. */
  openStream(request: ChatRequest): Promise<Reported<OpenedStream>>;
}

/** Whether a model offers the reporting methods. */
export function isReportingChatModel(model: ChatModel): model is ReportingChatModel {
  const candidate = model as Partial<ReportingChatModel>;
  return typeof candidate.generateWithReport === 'function' && typeof candidate.openStream === 'function';
}

/** Start a stream on a plain model and wait for its first event. */
export async function openStreamOn(model: ChatModel, request: ChatRequest): Promise<OpenedStream> {
  const rest = model.stream(request)[Symbol.asyncIterator]();
  return { first: await rest.next(), rest };
}

/** Yield an opened stream to the caller, and close it if the caller stops early. */
export async function* drain(opened: OpenedStream): AsyncGenerator<ChatStreamEvent> {
  try {
    if (opened.first.done) return;
    yield opened.first.value;
    while (true) {
      const next = await opened.rest.next();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await opened.rest.return?.();
  }
}

/**
 * A `ProviderError` that also carries the attempts made before giving up, so a fallback chain
 * (or a log line) can see the whole story. Its `kind`, `status` and `retryAfterMs` are the last
 * failure's, so code that only knows `ProviderError` still decides correctly.
 */
export class ResilienceError extends ProviderError {
  /** Every attempt made, in order. */
  readonly attempts: Attempt[];

  constructor(
    kind: ProviderErrorKind,
    provider: string,
    message: string,
    attempts: Attempt[],
    options: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(kind, provider, message, options);
    this.attempts = attempts;
  }
}

/** The attempts carried by an error, if it is a `ResilienceError`. */
export function attemptsOf(error: unknown): Attempt[] | undefined {
  return error instanceof ResilienceError ? error.attempts : undefined;
}
