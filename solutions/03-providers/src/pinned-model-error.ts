/**
 * The typed error of a broken pin. Given code: the same in the starter and the solution.
 *
 * Kind `config`: nothing about the provider's health (no mark against its circuit breaker), not
 * retryable (the same model id will be refused again), and the fix is a configuration change by a
 * human who has evaluated the successor: pin the new snapshot, re-run the golden set (lab 02).
 * The default fallback rule moves on to the next provider for it.
 */
import { ProviderError } from '@workshop/llm';

/** What broke: the provider no longer serves the pinned id, or answered with another model. */
export type PinViolation = 'retired' | 'swapped';

export class PinnedModelError extends ProviderError {
  /** The pinned model id. */
  readonly modelId: string;
  readonly violation: PinViolation;
  /** The model the provider reported having used, when it answered with another one. */
  readonly servedModel: string | undefined;

  constructor(
    violation: PinViolation,
    provider: string,
    modelId: string,
    options: { servedModel?: string; status?: number; cause?: unknown } = {},
  ) {
    const what =
      violation === 'retired'
        ? `the pinned model "${modelId}" is not served any more (retired or removed)`
        : `answered with "${options.servedModel}" instead of the pinned "${modelId}"`;
    super(
      'config',
      provider,
      `${provider}: ${what}. No other model was tried on ${provider}: evaluate a successor on the golden set and pin it in the configuration.`,
      { ...(options.status === undefined ? {} : { status: options.status }), cause: options.cause },
    );
    this.modelId = modelId;
    this.violation = violation;
    this.servedModel = options.servedModel;
  }
}

/** The `PinnedModelError` in `error` or its causes (a chain wraps what its members threw). */
export function pinnedModelErrorIn(error: unknown): PinnedModelError | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const next = queue.shift();
    if (next === undefined || next === null || seen.has(next)) continue;
    seen.add(next);
    if (next instanceof PinnedModelError) return next;
    if (next instanceof AggregateError) queue.push(...next.errors);
    if (next instanceof Error) queue.push(next.cause);
  }
  return undefined;
}
