/**
 * DoD-3 — Route by data sensitivity. Confidential requests go to the self-hosted model only
 * and fail closed; public ones prefer it (already paid for) and fall back to the hosted model
 * when it is unavailable.
 */
import type { RoutedRequest, RoutedResponse, RouterOptions, SensitivityRouter } from './types.ts';

/** Builds the router. Classification runs before any network call. */
export function createSensitivityRouter(options: RouterOptions): SensitivityRouter {
  return {
    async generate(request: RoutedRequest): Promise<RoutedResponse> {
      // TODO: 1. `const sensitivity = classifySensitivity(request, options)` (import it from './sensitivity.ts').
      // TODO: 2. Strip `tags` from the request (they are ours, not the provider's) and call
      //   `options.selfHosted.generate(chatRequest)` → { response, route: 'self-hosted', fellBack: false, sensitivity }.
      // TODO: 3. If it throws, decide with `isProviderError(error) && error.retryable` (from '@workshop/llm'):
      //   - not an availability failure → rethrow it unchanged (a missing model is a bug, not an outage);
      //   - confidential → throw new SelfHostedUnavailableError(message, { reasons: sensitivity.reasons, cause: error })
      //     (from './errors.ts'); the message says the request is confidential and was not sent elsewhere;
      //   - public → `options.hosted.generate(chatRequest)` → { route: 'hosted', fellBack: true, … }.
      throw new Error(
        `TODO: route ${request.messages.length} messages between ${options.selfHosted.modelId} and ${options.hosted.modelId} — see src/router.ts`,
      );
    },
  };
}
