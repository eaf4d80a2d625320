/**
 * DoD-3 — Route by data sensitivity across self-hosted backends. Confidential requests reach only
 * models on your own hardware (Ollama, vLLM…) and fail closed when none answers; public ones
 * prefer them too (already paid for) and fall back to the hosted model.
 */
import type { RoutedRequest, RoutedResponse, RouterOptions, SensitivityRouter } from './types.ts';

/** Builds the router. Classification runs before any network call. */
export function createSensitivityRouter(options: RouterOptions): SensitivityRouter {
  return {
    async generate(request: RoutedRequest): Promise<RoutedResponse> {
      // TODO (DoD-3): decide where each request may go and what a failing backend changes.
      //   Confidential requests (classifySensitivity in src/sensitivity.ts) may reach only the
      //   self-hosted models and fail closed with SelfHostedUnavailableError (src/errors.ts) when none
      //   answers; public ones may end on the hosted model. Only an outage is a reason to try another
      //   model (ProviderError has a retryable flag); a misconfiguration must surface. Judged by
      //   test/dod-3-routing.test.ts against emulated Ollama, vLLM (OpenAI API on port 8000) and OpenAI.
      void request;
      throw new Error(
        `TODO: route between ${options.selfHosted.length} self-hosted models and ${options.hosted.modelId} (DoD-3), see src/router.ts`,
      );
    },
  };
}
