/** Typed errors of the lab. Given code: the same in the starter and the solution. */

/**
 * A confidential request could not be served because the self-hosted model is unavailable.
 * It was NOT sent anywhere else: the router fails closed. Callers show "try again later",
 * queue the work, or page someone; they never retry it on a hosted model.
 */
export class SelfHostedUnavailableError extends Error {
  override readonly name = 'SelfHostedUnavailableError';
  /** Why the request is confidential (`tag:confidential`, `pii:EMAIL`…), never the data. */
  readonly reasons: string[];

  constructor(message: string, options: { reasons: string[]; cause: unknown }) {
    super(message, { cause: options.cause });
    this.reasons = options.reasons;
  }
}

/** Bad input to a calculator or a config parser; the message names the field. */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
}
