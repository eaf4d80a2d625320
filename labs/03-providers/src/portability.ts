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
  const rows: ProviderRun[] = [];
  for (const model of models) {
    try {
      const response = await model.generate(request);
      rows.push({
        ok: true,
        provider: response.provider,
        model: response.model,
        text: response.text,
        finishReason: response.finishReason,
        usage: response.usage,
        costUsd: response.cost.totalUsd,
        priced: response.cost.priced,
        latencyMs: response.latencyMs,
      });
    } catch (error) {
      // A non-ProviderError is a bug in an adapter; a comparison row would hide it.
      if (!isProviderError(error)) throw error;
      rows.push({
        ok: false,
        provider: model.provider,
        model: model.modelId,
        errorKind: error.kind,
        error: error.message,
      });
    }
  }
  return rows;
}
