/**
 * Snapshot pinning: a model is called at the id it was evaluated at, or not at all.
 */
import type { ChatModel } from '@workshop/llm';

/**
 * `model`, held to its pinned id (`model.modelId`): a ChatModel with the same provider, model id and
 * capabilities. `PinnedModelError` (src/pinned-model-error.ts) is the typed error for a broken pin.
 */
export function pinned(model: ChatModel): ChatModel {
  // TODO (DoD-3): decide what happens when the provider no longer serves the pinned snapshot (OpenAI
  //   answers a retired one with 404 model_not_found) or answers with another model than pinned.
  //   Never a silent swap: no other model id is ever sent, and no answer from an unevaluated model
  //   passes as the pinned one. Transient faults must stay what they are, so the chain still retries
  //   them. Judged on the emulated APIs through the real clients (test/dod-3-pinning.test.ts).
  void model;
  throw new Error('TODO: pinned — hold a model to its pinned snapshot (src/pinning.ts)');
}
