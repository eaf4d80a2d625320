/**
 * What went wrong, in terms a caller can act on. Retry policies key on `kind`
 * (and `retryAfterMs`), never on vendor-specific error classes.
 */
export type ProviderErrorKind =
  /** Bad or missing configuration (an env variable, a model name); fix the config. */
  | 'config'
  /** The key was rejected (401/403). Not retryable. */
  | 'auth'
  /** 429: slow down; honour `retryAfterMs` when set. Retryable. */
  | 'rate_limit'
  /** The call took longer than allowed. Retryable. */
  | 'timeout'
  /** Host unreachable or 5xx. Retryable, and a reason to fall back. */
  | 'unavailable'
  /** The provider answered with something unparseable or cut off. Retryable. */
  | 'bad_response'
  /** 400/404/422: the request itself is wrong. Not retryable. */
  | 'invalid_request'
  /** The caller aborted. Not retryable. */
  | 'aborted';

/** The one error type every adapter throws. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  /** Category that decides retry and fallback. */
  readonly kind: ProviderErrorKind;
  /** Provider id, e.g. `openai`. */
  readonly provider: string;
  /** HTTP status, when there was one. */
  readonly status: number | undefined;
  /** How long the provider asked us to wait (from Retry-After), in milliseconds. */
  readonly retryAfterMs: number | undefined;
  /** Whether trying the same call again can succeed. */
  readonly retryable: boolean;

  constructor(
    kind: ProviderErrorKind,
    provider: string,
    message: string,
    options: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.kind = kind;
    this.provider = provider;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.retryable = ['rate_limit', 'timeout', 'unavailable', 'bad_response'].includes(kind);
  }
}

/** Type guard for `ProviderError`, robust across duplicated module instances. */
export function isProviderError(error: unknown): error is ProviderError {
  return error instanceof Error && error.name === 'ProviderError' && 'kind' in error;
}
