/**
 * An error the participant can act on. The CLI prints `workshop: <message>` on one line
 * and exits non-zero; it never prints a stack trace for these.
 */
export class WorkshopError extends Error {
  override readonly name = 'WorkshopError';
  /** The file the problem is in, shown first so editors can jump to it. */
  readonly file: string | undefined;

  constructor(message: string, options: { file?: string; cause?: unknown } = {}) {
    super(options.file ? `${options.file}: ${message}` : message, { cause: options.cause });
    this.file = options.file;
  }
}

/** The first line of any error's message, trimmed: what the CLI shows for unexpected errors. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const first = text
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line.length > 0);
  return first ?? 'unknown error';
}
