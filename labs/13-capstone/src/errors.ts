/**
 * The errors the service answers with. Each has an HTTP status and a stable `code` a client can
 * branch on; the message is written for the person reading it. Anything else is a bug: the client
 * gets `internal_error` and the request id, never the message or the stack.
 * Given code: the same file in the starter and the solution.
 */

/** An error that is safe to show to the client as is. */
export class HttpError extends Error {
  override readonly name: string = 'HttpError';
  /** HTTP status of the answer. */
  readonly status: number;
  /** Stable machine-readable code, e.g. `invalid_request`. */
  readonly code: string;
  /** Extra response headers, e.g. `Retry-After`. */
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

/** The queue is full: come back later. */
export class OverloadedError extends HttpError {
  override readonly name = 'OverloadedError';
  /** Seconds the client should wait before retrying. */
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number) {
    super(429, 'overloaded', message, { 'retry-after': String(retryAfterSeconds) });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The service is shutting down and takes no new work. */
export class DrainingError extends HttpError {
  override readonly name = 'DrainingError';
  constructor() {
    super(503, 'shutting_down', 'the service is shutting down; retry on another instance', {
      'retry-after': '1',
      connection: 'close',
    });
  }
}

/** The JSON body of every error answer. */
export interface ErrorBody {
  error: {
    /** Stable code, e.g. `payload_too_large`. */
    code: string;
    /** One line for a human. */
    message: string;
    /** Quote it when reporting a problem: it finds the server-side log line. */
    requestId: string;
  };
}
