/**
 * Translate what the Qdrant client throws (ApiError with the HTTP status and Qdrant's
 * `{ status: { error } }` body, timeouts, fetch failures) into `VectorStoreError`s with
 * the same codes and messages as the memory store.
 */
import {
  QdrantClientResourceExhaustedError,
  QdrantClientTimeoutError,
  QdrantClientUnexpectedResponseError,
} from '@qdrant/js-client-rest';
import { isVectorStoreError, VectorStoreError } from '../errors.ts';
import { unknownCollectionError } from '../validate.ts';

/** Where the failure happened, for the message. */
export interface ErrorContext {
  /** Qdrant base URL. */
  url: string;
  /** Collection the call was about, if any. */
  collection?: string;
  /** Client timeout, for the timeout message. */
  timeoutMs: number;
}

interface HttpFailure {
  status: number;
  data?: unknown;
  statusText?: string;
}

function isHttpFailure(error: unknown): error is HttpFailure {
  return typeof error === 'object' && error !== null && typeof (error as HttpFailure).status === 'number';
}

/** Qdrant's own message from `{ status: { error } }`, else the status text. */
function qdrantMessage(failure: HttpFailure): string {
  const data = failure.data as { status?: { error?: unknown } } | string | undefined;
  if (typeof data === 'object' && data && typeof data.status?.error === 'string') return data.status.error;
  if (typeof data === 'string' && data.length > 0) return data.slice(0, 200);
  return failure.statusText || `HTTP ${failure.status}`;
}

/** The network-level reason (ECONNREFUSED, ENOTFOUND…) buried in a fetch TypeError. */
function networkReason(error: Error): string {
  let cause: unknown = error.cause;
  while (cause instanceof Error || (typeof cause === 'object' && cause !== null)) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cause = (cause as { cause?: unknown }).cause;
  }
  return error.message;
}

/** Convert anything the client threw into a `VectorStoreError`. */
export function toVectorStoreError(error: unknown, context: ErrorContext): VectorStoreError {
  if (isVectorStoreError(error)) return error;
  const { url, collection } = context;
  const on = collection === undefined ? '' : ` on collection "${collection}"`;
  const options = { cause: error, ...(collection === undefined ? {} : { collection }) };

  if (error instanceof QdrantClientTimeoutError) {
    return new VectorStoreError(
      'unavailable',
      `Qdrant at ${url} did not answer within ${context.timeoutMs} ms${on}`,
      options,
    );
  }
  if (error instanceof QdrantClientResourceExhaustedError) {
    return new VectorStoreError(
      'unavailable',
      `Qdrant at ${url} is rate limiting${on}; retry after ${error.retry_after} s`,
      {
        ...options,
        status: 429,
      },
    );
  }
  if (error instanceof QdrantClientUnexpectedResponseError) {
    return new VectorStoreError(
      'unavailable',
      `Qdrant at ${url} gave an unexpected answer${on}: ${error.message.split('\n')[0]}`,
      options,
    );
  }
  if (isHttpFailure(error)) {
    const { status } = error;
    const message = qdrantMessage(error);
    const withStatus = { ...options, status };
    const dims = /expected dim: (\d+), got (\d+)/.exec(message);
    if (dims && collection !== undefined) {
      return new VectorStoreError(
        'dimension_mismatch',
        `collection "${collection}" expects vectors of dimension ${dims[1]}, got ${dims[2]}`,
        withStatus,
      );
    }
    if (status === 404 && collection !== undefined) return unknownCollectionError(collection, error);
    if (status === 409) return new VectorStoreError('collection_exists', `Qdrant at ${url}: ${message}`, withStatus);
    if (status === 401 || status === 403) {
      return new VectorStoreError(
        'invalid_request',
        `Qdrant at ${url} rejected the API key (${status}); check QDRANT_API_KEY`,
        withStatus,
      );
    }
    if (status === 429 || status >= 500) {
      return new VectorStoreError('unavailable', `Qdrant at ${url} answered ${status}${on}: ${message}`, withStatus);
    }
    return new VectorStoreError(
      'invalid_request',
      `Qdrant at ${url} rejected the request${on} (${status}): ${message}`,
      withStatus,
    );
  }
  if (error instanceof SyntaxError) {
    return new VectorStoreError(
      'unavailable',
      `Qdrant at ${url} sent a malformed answer${on}: ${error.message}`,
      options,
    );
  }
  if (error instanceof Error) {
    return new VectorStoreError(
      'unavailable',
      `Qdrant at ${url} is unreachable${on} (${networkReason(error)})`,
      options,
    );
  }
  return new VectorStoreError('unavailable', `Qdrant at ${url} failed${on}: ${String(error)}`, options);
}
