/** Typed errors of the support desk. Given code: the same in the starter and the solution. */
import type { TokenUsage } from '@workshop/llm';
import type { z } from 'zod';

/** The request itself is unusable (empty, too long). Nothing was sent to the model. */
export class InvalidRequestError extends Error {
  override readonly name = 'InvalidRequestError';
}

/**
 * The model's output stayed invalid after the one repair attempt. Carries everything an
 * on-call engineer needs to see why, and what the failure cost.
 */
export class ModelOutputError extends Error {
  override readonly name = 'ModelOutputError';
  /** Raw text of every attempt, in order (the first answer, then the repair). */
  readonly rawOutputs: string[];
  /** zod issues of the last attempt; empty when it was not even JSON. */
  readonly issues: z.core.$ZodIssue[];
  /** Tokens spent on the failed request, summed over every attempt. */
  readonly usage: TokenUsage;

  constructor(message: string, details: { rawOutputs: string[]; issues: z.core.$ZodIssue[]; usage: TokenUsage }) {
    super(message);
    this.rawOutputs = details.rawOutputs;
    this.issues = details.issues;
    this.usage = details.usage;
  }

  /** How many times the model was asked. */
  get attempts(): number {
    return this.rawOutputs.length;
  }
}
