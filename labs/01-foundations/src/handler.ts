/**
 * The support desk: plain code first, the model for the rest, and the bill for each request.
 */
import type { ChatModel } from '@workshop/llm';
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

/** Builds a support desk. */
export function createSupportDesk(options: SupportDeskOptions): SupportDesk {
  void options;
  return {
    async handle(text) {
      // TODO (DoD-4): in this order —
      //   1. Empty (or whitespace-only) text → throw new InvalidRequestError('request text is empty');
      //      longer than MAX_REQUEST_CHARS → InvalidRequestError naming the length and the limit.
      //   2. parseRequest(text) (src/parse.ts) returns an intent → answerIntent(intent, data, now())
      //      (data: options.data ?? loadFixtures(), now: options.now ?? system clock) and return
      //      { route: 'deterministic', answer, … } WITHOUT touching the model.
      //   3. Otherwise triageWithModel(options.model, text) → { route: 'model', triage, … }.
      // TODO (DoD-6): report `usage` and `modelCalls` for THIS request: a fresh copy of ZERO_USAGE
      //   (src/usage.ts) and 0 on the deterministic route; what triageWithModel spent on the model route.
      void text;
      throw new Error('TODO: SupportDesk.handle (DoD-4, DoD-6) — see the TODOs in src/handler.ts');
    },
  };
}
