/**
 * Snapshot pinning: a model is called at the id it was evaluated at, or not at all.
 */
import { type ChatModel, type ChatResponse, isProviderError } from '@workshop/llm';
import { PinnedModelError } from './pinned-model-error.ts';

/**
 * `model`, held to its pinned id. A 404 on a chat call means the provider no longer serves that id
 * (OpenAI answers a retired snapshot with 404 `model_not_found`, Ollama a removed tag with 404):
 * that becomes a `PinnedModelError`, which is not retried, does not count against the provider's
 * health, and lets the chain move on to the next provider. An answer from another model (a
 * deployment auto-upgraded by the vendor, an alias that moved) is refused the same way: its quality
 * was never measured. Nothing here ever sends another model id.
 */
export function pinned(model: ChatModel): ChatModel {
  const checked = (response: ChatResponse): ChatResponse => {
    if (response.model !== model.modelId) {
      throw new PinnedModelError('swapped', model.provider, model.modelId, { servedModel: response.model });
    }
    return response;
  };
  const translated = (error: unknown): unknown =>
    isProviderError(error) && error.status === 404
      ? new PinnedModelError('retired', model.provider, model.modelId, { status: 404, cause: error })
      : error;
  return {
    provider: model.provider,
    modelId: model.modelId,
    capabilities: model.capabilities,
    async generate(request) {
      try {
        return checked(await model.generate(request));
      } catch (error) {
        throw translated(error);
      }
    },
    // A stream names its model only in its last event: the text is out by then, so a swap is
    // reported (the caller sees the error) rather than prevented.
    async *stream(request) {
      try {
        for await (const event of model.stream(request)) {
          if (event.type === 'finish') checked(event.response);
          yield event;
        }
      } catch (error) {
        throw translated(error);
      }
    },
  };
}
