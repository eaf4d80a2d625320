/**
 * One error type for everything that is wrong with a media file or its plan, with a `kind` a
 * caller can branch on and a one-line message that names the file and the problem.
 */

/** What is wrong. */
export type MediaErrorKind =
  /** Zero bytes. */
  | 'empty'
  /** The bytes are not one of the supported formats (PNG, JPEG, WebP, GIF, WAV, MP3). */
  | 'unsupported_type'
  /** The file name's extension claims another format than the bytes have. */
  | 'mislabelled'
  /** More bytes than `limits.maxBytes`. */
  | 'too_large'
  /** More pixels than `limits.maxPixels` (checked from the header, before decoding). */
  | 'too_many_pixels'
  /** Longer than `limits.maxDurationSeconds`. */
  | 'too_long'
  /** The header or the data cannot be decoded: corrupt or truncated. */
  | 'corrupt'
  /** No plan fits the budget. */
  | 'over_budget'
  /** The model has no entry in the media price table. */
  | 'unknown_model';

/** A media file that cannot be processed, and why. The message is one line: `<name>: <problem>`. */
export class MediaError extends Error {
  override readonly name = 'MediaError';
  /** What is wrong. */
  readonly kind: MediaErrorKind;
  /** The file (or model) the error is about. */
  readonly source: string;

  constructor(kind: MediaErrorKind, source: string, problem: string, options?: { cause?: unknown }) {
    super(`${source}: ${problem}`, options);
    this.kind = kind;
    this.source = source;
  }
}

/** Whether a value is a `MediaError` (works across module copies, unlike `instanceof`). */
export function isMediaError(error: unknown): error is MediaError {
  return error instanceof Error && error.name === 'MediaError' && 'kind' in error;
}

/** The first line of a library's error message: libvips writes several, our errors are one line. */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n', 1)[0]?.trim() || 'unknown error';
}
