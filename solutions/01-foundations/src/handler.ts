/**
 * The support desk: plain code first, the model for the rest, and the bill for each request.
 */
import type { ChatModel } from '@workshop/llm';
import { answerIntent } from './answer.ts';
import { loadFixtures } from './data.ts';
import { InvalidRequestError } from './errors.ts';
import { triageWithModel } from './model-triage.ts';
import { parseRequest } from './parse.ts';
import type { Fixtures, HandlerResult } from './types.ts';
import { ZERO_USAGE } from './usage.ts';

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
      // Plain code first: what it claims is answered from the tables, free and instantly.
      const intent = parseRequest(text);
      if (intent) {
        return {
          route: 'deterministic',
          answer: answerIntent(intent, data, now()),
          usage: { ...ZERO_USAGE },
          modelCalls: 0,
        };
      }
      // Nothing is kept between requests: each result carries its own bill, never a running total.
      const { triage, usage, modelCalls } = await triageWithModel(options.model, text);
      return { route: 'model', triage, usage, modelCalls };
    },
  };
}
