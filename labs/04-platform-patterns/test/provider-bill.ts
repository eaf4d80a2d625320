/**
 * A day of calls with injected faults, and what the emulated provider bills for each (the rules
 * in the README, "What a failed call costs"). Used by DoD-3 and the dev report.
 */
import type { BudgetedCallOptions } from '@lab/budgeted-call.ts';
import { type ChatModel, type ChatRequest, type ChatStreamEvent, countMessageTokens, countTokens } from '@workshop/llm';
import type { OpenAIEmulator } from '@workshop/testkit';

/** What happens to one call. */
export type Outcome =
  | { kind: 'answer' }
  | { kind: 'server_error' }
  | { kind: 'rate_limit' }
  | { kind: 'cut'; afterChunks: number };

/** A call as a caller of the budget sees it, with the provider's bill. */
export interface BilledCall {
  outcome: Outcome;
  /** Tokens the provider bills for it. */
  billed: number;
  /** Tokens the budget charged the user's day for it. */
  charged: number;
  /** Chat requests that reached the provider. */
  sent: number;
  /** What the call threw, if anything. */
  error: unknown;
}

const ANSWER =
  'Your parcel left our warehouse this morning and should reach you within two working days. ' +
  'You will get an email with the tracking link as soon as the carrier scans it, and you can ' +
  'change the delivery slot from that link until the evening before it arrives.';

/** Queues `outcome` on the emulator: the next chat request gets it. */
export function arrange(openai: OpenAIEmulator, outcome: Outcome): void {
  if (outcome.kind === 'server_error') openai.fail({ fault: 'server_error', status: 500 });
  else if (outcome.kind === 'rate_limit') openai.fail({ fault: 'rate_limit', retryAfterSeconds: 0 });
  else {
    if (outcome.kind === 'cut') openai.fail({ fault: 'stream_cut', afterChunks: outcome.afterChunks });
    openai.script({ content: ANSWER });
  }
}

/** Makes one budgeted call with `outcome` and bills it as the provider does. */
export async function billedCall(
  openai: OpenAIEmulator,
  stream: (model: ChatModel, request: ChatRequest, options: BudgetedCallOptions) => AsyncIterable<ChatStreamEvent>,
  model: ChatModel,
  request: ChatRequest,
  options: BudgetedCallOptions,
  outcome: Outcome,
): Promise<BilledCall> {
  arrange(openai, outcome);
  const before = options.budget.usedToday(options.userId);
  const requestsBefore = openai.chatRequests.length;
  let delivered = '';
  let reported: number | undefined;
  let error: unknown;
  try {
    for await (const event of stream(model, request, options)) {
      if (event.type === 'text-delta') delivered += event.text;
      if (event.type === 'finish') reported = event.response.usage.totalTokens;
    }
  } catch (caught) {
    error = caught;
  }
  const sent = openai.chatRequests.length - requestsBefore;
  const prompt = countMessageTokens(request.messages, model.modelId);
  const billed =
    sent === 0 || outcome.kind === 'rate_limit'
      ? 0
      : outcome.kind === 'answer'
        ? (reported ?? 0)
        : prompt + (delivered ? countTokens(delivered, model.modelId) : 0);
  return { outcome, billed, charged: options.budget.usedToday(options.userId) - before, sent, error };
}

/** The day DoD-3 judges: mostly answers, with 5xx, 429 and streams cut at several points. */
export const TEST_DAY: Outcome[] = [
  { kind: 'answer' },
  { kind: 'server_error' },
  { kind: 'answer' },
  { kind: 'cut', afterChunks: 6 },
  { kind: 'rate_limit' },
  { kind: 'answer' },
  { kind: 'cut', afterChunks: 20 },
  { kind: 'server_error' },
  { kind: 'answer' },
  { kind: 'rate_limit' },
  { kind: 'cut', afterChunks: 2 },
  { kind: 'answer' },
];

/** The dev report's day: the same kinds, another order and other cut points. */
export const DEV_DAY: Outcome[] = [
  { kind: 'answer' },
  { kind: 'cut', afterChunks: 10 },
  { kind: 'server_error' },
  { kind: 'answer' },
  { kind: 'rate_limit' },
  { kind: 'answer' },
  { kind: 'cut', afterChunks: 4 },
  { kind: 'server_error' },
  { kind: 'answer' },
  { kind: 'cut', afterChunks: 30 },
];

/** DoD-3's targets. */
export const BUDGET_TARGETS = { undercharged: 0, overchargeRatio: 1.1 } as const;
