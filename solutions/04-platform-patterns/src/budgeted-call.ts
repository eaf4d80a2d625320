/**
 * Model calls within the token budgets: admitted before the call (nothing is sent when over),
 * charged after it with what the provider bills, whether the call finished, failed or was cut.
 */
import {
  type ChatModel,
  type ChatRequest,
  type ChatResponse,
  type ChatStreamEvent,
  countMessageTokens,
  countTokens,
  isProviderError,
} from '@workshop/llm';
import type { TokenBudget } from './token-budget.ts';

/** Who is calling, and against which budget. */
export interface BudgetedCallOptions {
  /** The budget to charge. */
  budget: TokenBudget;
  /** The user whose daily budget pays. */
  userId: string;
}

/** `model.stream(request)` within the budgets: the same events, or the same errors. */
export async function* streamWithinBudget(
  model: ChatModel,
  request: ChatRequest,
  options: BudgetedCallOptions,
): AsyncIterable<ChatStreamEvent> {
  const { budget, userId } = options;
  const promptTokens = countMessageTokens(request.messages, model.modelId);
  // An unbounded answer could break the budget after the check: cap it to what the request may spend.
  const maxOutputTokens = request.maxOutputTokens ?? Math.max(1, budget.perRequestTokens - promptTokens);
  const reservation = budget.reserve(userId, promptTokens + maxOutputTokens);
  let delivered = '';
  let charged = false;
  try {
    for await (const event of model.stream({ ...request, maxOutputTokens })) {
      if (event.type === 'text-delta') delivered += event.text;
      if (event.type === 'finish') {
        reservation.settle(event.response.usage.totalTokens);
        charged = true;
      }
      yield event;
    }
  } catch (error) {
    reservation.settle(billedForFailure(error, promptTokens, countTokens(delivered, model.modelId)));
    charged = true;
    throw error;
  } finally {
    // The caller stopped reading: the provider may have generated the whole answer. Charge the worst case.
    if (!charged) reservation.settle(reservation.tokens);
  }
}

/**
 * What a failed call is billed (README, "What a failed call costs"): a refusal (429, a 4xx) comes
 * before the model ran and costs nothing; a 5xx may come after the prompt was processed, so it
 * counts as billed for the prompt; a cut stream is billed for its prompt and every token delivered.
 * Anything else (a timeout, an abort, a broken connection) is unknown: the prompt and what arrived.
 */
function billedForFailure(error: unknown, promptTokens: number, deliveredTokens: number): number {
  if (
    isProviderError(error) &&
    (error.kind === 'rate_limit' || error.kind === 'invalid_request' || error.kind === 'auth')
  ) {
    return 0;
  }
  return promptTokens + deliveredTokens;
}

/** The same call, not streamed: the response of the finish event. */
export async function generateWithinBudget(
  model: ChatModel,
  request: ChatRequest,
  options: BudgetedCallOptions,
): Promise<ChatResponse> {
  let response: ChatResponse | undefined;
  for await (const event of streamWithinBudget(model, request, options)) {
    if (event.type === 'finish') response = event.response;
  }
  if (!response) throw new Error(`generateWithinBudget: the stream of ${model.modelId} ended without a finish event`);
  return response;
}
