/**
 * Feedback on answers: a rating, an optional comment, and whether the user wants a human to take
 * over. Feedback is accepted only for a recent answer, once, and from the user who asked — so the
 * satisfaction ratio cannot be stuffed by a script. The answer ids are the server's (never a
 * client's header), bound to their asker when the answer is sent, and kept in the shared
 * `StateStore`: an answer rated on one process cannot be rated again on another.
 * Given code: the same file in the starter and the solution; the route that records the KPIs is in app.ts.
 */
import { z } from 'zod';
import { HttpError } from './errors.ts';
import type { StateStore } from './state/store.ts';

/** The body of `POST /v1/feedback`. */
export const FeedbackSchema = z.strictObject({
  /** The `requestId` of the answer being rated. */
  requestId: z.string().min(1).max(100),
  /** Thumbs up or down. */
  rating: z.enum(['up', 'down']),
  /** Optional free text. */
  comment: z.string().max(2_000).optional(),
  /** The user asks for a human to take over. */
  handoff: z.boolean().default(false),
});

/** A parsed feedback body. */
export type Feedback = z.infer<typeof FeedbackSchema>;

/** Options of `FeedbackBook`. */
export interface FeedbackBookOptions {
  /** How long an answer may be rated, in ms. Default 7 days. */
  ttlMs?: number;
}

/** Recent answers that may still be rated, and the ratings given, in a shared store. */
export class FeedbackBook {
  readonly #store: StateStore;
  readonly #ttlMs: number;

  constructor(store: StateStore, options: FeedbackBookOptions = {}) {
    this.#store = store;
    this.#ttlMs = options.ttlMs ?? 7 * 24 * 3_600_000;
  }

  /** Remember that `userId` received the answer `answerId`, so they (and only they) can rate it. */
  async remember(answerId: string, userId: string): Promise<void> {
    await this.#store.set(`answer:${answerId}`, userId, this.#ttlMs);
  }

  /** Accept feedback from `userId`, or throw an `HttpError` that says why not. */
  async accept(userId: string, feedback: Feedback): Promise<void> {
    const owner = await this.#store.get(`answer:${feedback.requestId}`);
    if (owner === undefined) {
      throw new HttpError(404, 'unknown_request', `no recent answer has requestId "${feedback.requestId}"`);
    }
    if (owner !== userId) {
      throw new HttpError(403, 'not_your_request', 'feedback is accepted only from the user who asked');
    }
    // The set-if-absent is the one atomic step: of two concurrent ratings, exactly one wins.
    if (!(await this.#store.set(`rated:${feedback.requestId}`, feedback.rating, this.#ttlMs, true))) {
      throw new HttpError(409, 'already_rated', `answer "${feedback.requestId}" already has feedback`);
    }
  }
}
