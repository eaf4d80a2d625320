import {
  type ChatModel,
  type ChatRequest,
  type FinishReason,
  isProviderError,
  type ProviderErrorKind,
  type TokenUsage,
} from '@workshop/llm';

/** One provider's answer to the shared request, in provider-neutral terms. */
export interface ProviderAnswer {
  ok: true;
  /** Provider id the response reports. */
  provider: string;
  /** Model id the response reports. */
  model: string;
  /** Generated text. */
  text: string;
  /** Why generation stopped. */
  finishReason: FinishReason;
  /** Token counts as the provider reported them. */
  usage: TokenUsage;
  /** Cost in USD from the price table; 0 and `priced: false` when the model is not in it. */
  costUsd: number;
  /** Whether `costUsd` is a real figure. */
  priced: boolean;
  /** Wall-clock time of the call, in ms, as measured by the adapter. */
  latencyMs: number;
}

/** One provider's failure on the shared request. */
export interface ProviderFailure {
  ok: false;
  /** Provider id of the model that failed. */
  provider: string;
  /** Model id of the model that failed. */
  model: string;
  /** What kind of failure: decides whether it is worth retrying or a fallback. */
  errorKind: ProviderErrorKind;
  /** The error message. */
  error: string;
}

/** One row of a portability comparison. */
export type ProviderRun = ProviderAnswer | ProviderFailure;

/**
 * Send the SAME request through each model and return one normalised row per model, in order.
 * This is the portability check: if the application only speaks `ChatRequest`/`ChatResponse`,
 * switching vendors is a configuration change. A provider that fails gets a failure row instead
 * of aborting the comparison. Runs one at a time so latencies do not compete with each other.
 */
export async function compareProviders(models: ChatModel[], request: ChatRequest): Promise<ProviderRun[]> {
  // TODO: for each model, one after the other (await inside a for…of loop):
  //  - `await model.generate(request)` → push a ProviderAnswer: ok: true, provider and model FROM THE RESPONSE,
  //    text, finishReason, usage, costUsd = response.cost.totalUsd, priced = response.cost.priced, latencyMs.
  //  - a ProviderError (isProviderError) → push a ProviderFailure: ok: false, provider = model.provider,
  //    model = model.modelId, errorKind = error.kind, error = error.message. Do not stop: the others still run.
  //  - anything else is a bug in an adapter: rethrow it.
  // Return the rows in the order of `models`.
  void isProviderError; // you will need it; delete this line
  throw new Error(
    `TODO: compareProviders — run ${request.messages.length} message(s) through ${models.map((m) => m.provider).join(', ')}`,
  );
}
