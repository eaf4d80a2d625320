/**
 * DoD-3 — Route by data sensitivity across self-hosted backends. Confidential requests reach only
 * models on your own hardware (Ollama, vLLM…) and fail closed when none answers; public ones
 * prefer them too (already paid for) and fall back to the hosted model.
 */
import { isProviderError, type ProviderError } from '@workshop/llm';
import { SelfHostedUnavailableError } from './errors.ts';
import { classifySensitivity } from './sensitivity.ts';
import type { RoutedRequest, RoutedResponse, RouterOptions, SensitivityRouter } from './types.ts';

/** Builds the router. Classification runs before any network call. */
export function createSensitivityRouter(options: RouterOptions): SensitivityRouter {
  const { selfHosted, hosted } = options;
  if (selfHosted.length === 0) throw new Error('createSensitivityRouter: name at least one self-hosted model');
  return {
    async generate(request: RoutedRequest): Promise<RoutedResponse> {
      const sensitivity = classifySensitivity(request, options);
      // Tags are ours, not the provider's: never send them on.
      const { tags: _tags, ...chatRequest } = request;
      const outages: ProviderError[] = [];
      for (const model of selfHosted) {
        try {
          const response = await model.generate(chatRequest);
          return { response, route: 'self-hosted', fellBack: outages.length > 0, sensitivity };
        } catch (error) {
          // Only an outage (down, 5xx, timeout, overloaded) is a reason to go elsewhere; a bad
          // request or a model that is not there is a misconfiguration to surface, not to paper over.
          if (!(isProviderError(error) && error.retryable)) throw error;
          outages.push(error);
        }
      }
      if (sensitivity.level === 'confidential') {
        const why = outages.map((e) => `${e.provider}: ${e.message}`).join('; ');
        throw new SelfHostedUnavailableError(
          `confidential request (${sensitivity.reasons.join(', ')}) not sent: no self-hosted model answered (${why}); it is never sent to a hosted provider`,
          { reasons: sensitivity.reasons, cause: outages.at(-1) },
        );
      }
      return { response: await hosted.generate(chatRequest), route: 'hosted', fellBack: true, sensitivity };
    },
  };
}
