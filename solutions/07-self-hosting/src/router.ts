/**
 * DoD-3 — Route by data sensitivity. Confidential requests go to the self-hosted model only
 * and fail closed; public ones prefer it (already paid for) and fall back to the hosted model
 * when it is unavailable.
 */
import { isProviderError } from '@workshop/llm';
import { SelfHostedUnavailableError } from './errors.ts';
import { classifySensitivity } from './sensitivity.ts';
import type { RoutedRequest, RoutedResponse, RouterOptions, SensitivityRouter } from './types.ts';

/** Builds the router. Classification runs before any network call. */
export function createSensitivityRouter(options: RouterOptions): SensitivityRouter {
  const { selfHosted, hosted } = options;
  return {
    async generate(request: RoutedRequest): Promise<RoutedResponse> {
      const sensitivity = classifySensitivity(request, options);
      // Tags are ours, not the provider's: never send them on.
      const { tags: _tags, ...chatRequest } = request;
      try {
        const response = await selfHosted.generate(chatRequest);
        return { response, route: 'self-hosted', fellBack: false, sensitivity };
      } catch (error) {
        // Only an availability failure (down, 5xx, timeout, overloaded) is a reason to go
        // elsewhere; a bad request or a missing model is a bug to surface, not to paper over.
        const unavailable = isProviderError(error) && error.retryable;
        if (!unavailable) throw error;
        if (sensitivity.level === 'confidential') {
          throw new SelfHostedUnavailableError(
            `confidential request (${sensitivity.reasons.join(', ')}) not sent: the self-hosted model ${selfHosted.modelId} is unavailable (${error.message}); it is never sent to a hosted provider`,
            { reasons: sensitivity.reasons, cause: error },
          );
        }
        const response = await hosted.generate(chatRequest);
        return { response, route: 'hosted', fellBack: true, sensitivity };
      }
    },
  };
}
