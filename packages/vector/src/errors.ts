/**
 * What went wrong, in terms a caller can act on. Both stores throw the same codes
 * with the same messages for the same mistake.
 */
export type VectorStoreErrorCode =
  /** A vector's length differs from the collection's `dimensions`. */
  | 'dimension_mismatch'
  /** The collection does not exist. */
  | 'unknown_collection'
  /** A vector has a NaN or infinite component. */
  | 'invalid_vector'
  /** The collection exists with another dimension or distance. */
  | 'collection_exists'
  /** The store cannot be reached (connection refused, timeout, 5xx, 429). Retryable. */
  | 'unavailable'
  /** Anything else wrong with the request: bad id, bad topK, bad name, bad config. */
  | 'invalid_request';

/** The one error type every vector store throws. */
export class VectorStoreError extends Error {
  override readonly name = 'VectorStoreError';
  /** Category of the failure. */
  readonly code: VectorStoreErrorCode;
  /** Collection concerned, when there is one. */
  readonly collection: string | undefined;
  /** HTTP status from the server, when there was one. */
  readonly status: number | undefined;
  /** Whether trying the same call again can succeed. */
  readonly retryable: boolean;

  constructor(
    code: VectorStoreErrorCode,
    message: string,
    options: { collection?: string; status?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.collection = options.collection;
    this.status = options.status;
    this.retryable = code === 'unavailable';
  }
}

/** Type guard for `VectorStoreError`, robust across duplicated module instances. */
export function isVectorStoreError(error: unknown): error is VectorStoreError {
  return error instanceof Error && error.name === 'VectorStoreError' && 'code' in error;
}
