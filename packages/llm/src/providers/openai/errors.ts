import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { isProviderError, ProviderError } from '../../spec/errors.ts';
import { parseRetryAfterMs } from '../shared/abort.ts';

/** Where the failing call went, for messages a user can act on. */
export interface OpenAIErrorContext {
  /** Provider id reported on the error (`openai` or a custom name for compatible servers). */
  provider: string;
  /** Base URL of the server, named in connection errors. */
  baseURL: string;
  /** Model id of the call, named in not-found errors. */
  model: string;
  /** The caller's abort signal: an abort it caused is `aborted`, never `timeout`. */
  signal?: AbortSignal | undefined;
  /** True while reading a stream: a failure there means the stream was cut. */
  streaming?: boolean;
}

/** Map anything the `openai` client throws to the one `ProviderError` type. */
export function toProviderError(error: unknown, ctx: OpenAIErrorContext): ProviderError {
  if (isProviderError(error)) return error;
  const { provider } = ctx;
  if (ctx.signal?.aborted || error instanceof APIUserAbortError) {
    return new ProviderError('aborted', provider, 'the call was aborted by the caller', { cause: error });
  }
  // Timeout first: APIConnectionTimeoutError is a subclass of APIConnectionError.
  if (error instanceof APIConnectionTimeoutError) {
    return new ProviderError('timeout', provider, `no answer from ${ctx.baseURL} before the timeout`, { cause: error });
  }
  if (error instanceof APIConnectionError) {
    return new ProviderError('unavailable', provider, `cannot reach ${ctx.baseURL}: ${causeMessage(error)}`, {
      cause: error,
    });
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    return fromStatus(error, error.status, ctx);
  }
  if (error instanceof SyntaxError) {
    return new ProviderError('bad_response', provider, `unparseable answer from ${ctx.baseURL}: ${error.message}`, {
      cause: error,
    });
  }
  // The client turns failures before the response into APIConnectionError; anything else
  // (e.g. undici's "terminated") happened while reading the body: the answer was cut off.
  const what = ctx.streaming ? 'the stream' : 'the answer';
  return new ProviderError('bad_response', provider, `${what} from ${ctx.baseURL} broke off: ${messageOf(error)}`, {
    cause: error,
  });
}

function fromStatus(error: APIError, status: number, ctx: OpenAIErrorContext): ProviderError {
  const { provider } = ctx;
  const detail = `${status} from ${ctx.baseURL}: ${messageOf(error)}`;
  const options = { status, cause: error };
  if (status === 401 || status === 403) {
    return new ProviderError('auth', provider, `the API key was rejected (${detail}); check OPENAI_API_KEY`, options);
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfterMs(error.headers);
    return new ProviderError('rate_limit', provider, `rate limited (${detail})`, {
      ...options,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  if (status === 408) return new ProviderError('timeout', provider, `request timed out (${detail})`, options);
  if (status >= 500) return new ProviderError('unavailable', provider, `server error (${detail})`, options);
  if (status === 404) {
    return new ProviderError('invalid_request', provider, `not found: model "${ctx.model}"? (${detail})`, options);
  }
  return new ProviderError('invalid_request', provider, `request rejected (${detail})`, options);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function causeMessage(error: Error): string {
  const cause = error.cause;
  return cause instanceof Error && cause.message ? cause.message : error.message;
}
