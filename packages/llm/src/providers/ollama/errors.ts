import { isProviderError, ProviderError } from '../../spec/errors.ts';

const PROVIDER = 'ollama';

/** Where the failing call went, for messages a user can act on. */
export interface OllamaErrorContext {
  /** Host URL, named in connection errors. */
  host: string;
  /** Model id, named in "model not found" errors with the pull command. */
  model: string;
  /** The caller's abort signal: an abort it caused is `aborted`. */
  signal?: AbortSignal | undefined;
  /** The adapter's timeout signal: an abort it caused is `timeout`. */
  timeoutSignal?: AbortSignal | undefined;
  /** Timeout in ms, for the message. */
  timeoutMs: number;
  /** True once the response headers arrived: a failure after that means the answer was cut. */
  responded?: boolean;
}

/** Map anything the `ollama` client (or fetch under it) throws to a `ProviderError`. */
export function toProviderError(error: unknown, ctx: OllamaErrorContext): ProviderError {
  if (isProviderError(error)) return error;
  if (ctx.signal?.aborted)
    return new ProviderError('aborted', PROVIDER, 'the call was aborted by the caller', { cause: error });
  if (ctx.timeoutSignal?.aborted || nameOf(error) === 'TimeoutError') {
    return new ProviderError('timeout', PROVIDER, `no answer from Ollama at ${ctx.host} within ${ctx.timeoutMs} ms`, {
      cause: error,
    });
  }
  const status = statusOf(error);
  if (status !== undefined) return fromStatus(status, messageOf(error), ctx, error);
  if (error instanceof SyntaxError) {
    return new ProviderError(
      'bad_response',
      PROVIDER,
      `unparseable answer from Ollama at ${ctx.host}: ${error.message}`,
      {
        cause: error,
      },
    );
  }
  // fetch rejects with a TypeError when the connection fails (refused, DNS, reset).
  if (error instanceof TypeError && !ctx.responded) {
    return new ProviderError(
      'unavailable',
      PROVIDER,
      `cannot reach Ollama at ${ctx.host} (${causeOf(error)}); is \`ollama serve\` running? Check OLLAMA_HOST`,
      { cause: error },
    );
  }
  return new ProviderError(
    'bad_response',
    PROVIDER,
    `the answer from Ollama at ${ctx.host} broke off: ${messageOf(error)}`,
    {
      cause: error,
    },
  );
}

function fromStatus(status: number, message: string, ctx: OllamaErrorContext, cause: unknown): ProviderError {
  const options = { status, cause };
  const detail = `${status} from ${ctx.host}: ${message}`;
  if (status === 404 || /model .*not found/i.test(message)) {
    return new ProviderError(
      'invalid_request',
      PROVIDER,
      `model "${ctx.model}" is not available on ${ctx.host}: run \`ollama pull ${ctx.model}\` (${message})`,
      options,
    );
  }
  if (status === 401 || status === 403)
    return new ProviderError('auth', PROVIDER, `not authorised (${detail})`, options);
  if (status === 429) return new ProviderError('rate_limit', PROVIDER, `rate limited (${detail})`, options);
  if (status === 408) return new ProviderError('timeout', PROVIDER, `request timed out (${detail})`, options);
  if (status >= 500) return new ProviderError('unavailable', PROVIDER, `server error (${detail})`, options);
  return new ProviderError('invalid_request', PROVIDER, `request rejected (${detail})`, options);
}

function statusOf(error: unknown): number | undefined {
  // ollama's ResponseError carries `status_code`; it is not exported as a class.
  const status = (error as { status_code?: unknown } | null)?.status_code;
  return typeof status === 'number' ? status : undefined;
}

function nameOf(error: unknown): string | undefined {
  return error instanceof Error || error instanceof DOMException ? error.name : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function causeOf(error: Error): string {
  const cause = error.cause as { code?: string; message?: string } | undefined;
  return cause?.code ?? cause?.message ?? error.message;
}
