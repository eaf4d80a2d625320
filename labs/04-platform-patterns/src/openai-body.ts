/**
 * The Chat Completions request body for a spec `ChatRequest` — what one Batch API line carries.
 * Given, not an exercise: it is exactly the translation the OpenAI adapter in `@workshop/llm`
 * does for live calls, so a batched request and a live one can never differ.
 */
import { type ChatRequest, toChatCompletionParams } from '@workshop/llm';

/** Chat Completions body for `model` and `request` (`signal` is dropped: a batch cannot be aborted per line). */
export function toChatCompletionBody(model: string, request: ChatRequest): Record<string, unknown> {
  // OpenAI's own Batch API: `max_completion_tokens`, as for live calls to api.openai.com.
  return { ...toChatCompletionParams(model, request, true) };
}
