/**
 * The support desk: plain code first, the model for the rest, and the bill for each request.
 */
import type { ChatModel } from '@workshop/llm';
import { loadFixtures } from './data.ts';
import { InvalidRequestError } from './errors.ts';
import type { Fixtures, HandlerResult } from './types.ts';

/** Longest request accepted, in characters; longer ones are refused before any model call. */
export const MAX_REQUEST_CHARS = 4000;

/** What the desk is built from. Everything with a side effect is injected. */
export interface SupportDeskOptions {
  /** The model for requests plain code cannot answer. */
  model: ChatModel;
  /** Lookup tables; `loadFixtures()` when omitted. */
  data?: Fixtures;
  /** Clock for date rules; the system clock when omitted. */
  now?: () => Date;
}

/** Answers customer requests. */
export interface SupportDesk {
  /** Handles one request. Rejects with `InvalidRequestError`, `ModelOutputError` or `ProviderError`. */
  handle(text: string): Promise<HandlerResult>;
}

/**
 * Refuses a request nobody can answer (empty) or that would make the bill grow without bound
 * (too long), with one line naming the problem. Runs before any routing, so it costs nothing.
 */
export function validateRequest(text: string): void {
  if (typeof text !== 'string' || text.trim() === '') throw new InvalidRequestError('request text is empty');
  if (text.length > MAX_REQUEST_CHARS) {
    throw new InvalidRequestError(`request text is too long: ${text.length} characters (max ${MAX_REQUEST_CHARS})`);
  }
}

/** Builds a support desk. */
export function createSupportDesk(options: SupportDeskOptions): SupportDesk {
  const data = options.data ?? loadFixtures();
  const now = options.now ?? (() => new Date());
  return {
    async handle(text) {
      validateRequest(text);
      // TODO (DoD-3): plain code first. Answer what parseRequest claims with answerIntent, from the
      //   tables and the clock this desk was given, at zero model calls and zero tokens; send the rest
      //   to triageWithModel. Each result carries its own request's tokens and calls, never a running
      //   total. Judged by test/dod-3-desk.test.ts.
      void data;
      void now;
      throw new Error('TODO: SupportDesk.handle (DoD-3), see the TODO in src/handler.ts');
    },
  };
}
