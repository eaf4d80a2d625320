/**
 * Feedback on answers: a rating, an optional comment, and whether the user wants a human to take
 * over. Feedback is accepted only for a recent answer, once, and from the user who asked — so the
 * satisfaction ratio cannot be stuffed by a script. Given code: the same file in the starter and
 * the solution; the route that records the KPIs is in app.ts.
 */
import { z } from 'zod';
import { HttpError } from './errors.ts';

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

/** What the book remembers of an answer until it is rated. */
interface Answered {
  userId: string;
  rated: boolean;
}

/** Recent answers that may still be rated, bounded (oldest forgotten first). */
export class FeedbackBook {
  readonly #answers = new Map<string, Answered>();
  readonly #capacity: number;

  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }

  /** Remember an answer so it can be rated. */
  remember(requestId: string, userId: string): void {
    this.#answers.set(requestId, { userId, rated: false });
    if (this.#answers.size > this.#capacity) {
      const oldest = this.#answers.keys().next().value;
      if (oldest !== undefined) this.#answers.delete(oldest);
    }
  }

  /** Accept feedback from `userId`, or throw an `HttpError` that says why not. */
  accept(userId: string, feedback: Feedback): void {
    const answer = this.#answers.get(feedback.requestId);
    if (!answer) {
      throw new HttpError(404, 'unknown_request', `no recent answer has requestId "${feedback.requestId}"`);
    }
    if (answer.userId !== userId) {
      throw new HttpError(403, 'not_your_request', 'feedback is accepted only from the user who asked');
    }
    if (answer.rated) {
      throw new HttpError(409, 'already_rated', `answer "${feedback.requestId}" already has feedback`);
    }
    answer.rated = true;
  }
}
