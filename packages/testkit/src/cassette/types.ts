/**
 * Cassettes: provider calls recorded from a live session (request and response, streams chunk by
 * chunk, secrets stripped), stored as JSON, and replayed offline as msw handlers, so a captured
 * real session becomes a deterministic test.
 */

/** A request body as recorded: parsed JSON when it was JSON, else text, else bytes. */
export type RecordedBody =
  /** A JSON body, parsed (matched field by field on replay). */
  | { kind: 'json'; json: unknown }
  /** A text body that is not JSON. */
  | { kind: 'text'; text: string }
  /** A binary body (e.g. a multipart upload), base64. */
  | { kind: 'base64'; data: string };

/** A response body as recorded. */
export type RecordedResponseBody =
  /** The whole body as text. */
  | { kind: 'text'; text: string }
  /** A binary body, base64. */
  | { kind: 'base64'; data: string }
  /**
   * A streamed body (`text/event-stream`, NDJSON), chunk by chunk as it arrived, with the ms between
   * chunks (replayed instantly unless the replay asks for real time).
   */
  | { kind: 'stream'; chunks: string[]; gapsMs: number[] };

/** One provider call. */
export interface Interaction {
  /** What the client sent. Secret headers and query parameters are replaced by `[REDACTED]`. */
  request: {
    method: string;
    url: string;
    headers: Record<string, string>;
    /** Undefined when there was no body. */
    body?: RecordedBody;
  };
  /** What the provider answered. */
  response: {
    status: number;
    statusText: string;
    headers: Record<string, string>;
    body: RecordedResponseBody;
  };
  /** Wall time of the call when recorded, in ms. */
  durationMs: number;
}

/** A cassette file. */
export interface Cassette {
  /** Format version. */
  version: 1;
  /** ISO time of the recording. */
  recordedAt: string;
  /** Calls in the order they were sent. */
  interactions: Interaction[];
}

/** What the replay could not match, with the closest recorded call. */
export interface CassetteMismatch {
  /** `METHOD URL` of the request that was not in the cassette. */
  request: string;
  /** A readable explanation: the request, the closest recorded interaction, the first difference. */
  message: string;
}
