/**
 * The chat models of the chain from the environment: `LLM_PROVIDER` (read by `@workshop/llm`)
 * is the primary; `CAPSTONE_FALLBACK_PROVIDERS` (comma-separated, e.g. `ollama`) follow in order.
 * Default: the primary alone. A live chain never ends in the offline simulator unless it is listed
 * (`CAPSTONE_FALLBACK_PROVIDERS=ollama,offline`): in an outage users get a degraded answer (the
 * best passages, flagged), not a simulator's text passed off as an answer.
 * Given code: the same file in the starter and the solution.
 */
import { type ChatModel, chatProviderFrom, createChatModel, type Env, PROVIDERS } from '@workshop/llm';

/** The models of the provider chain, primary first. Errors name the variable. */
export function chatModelsFromEnv(env: Env = process.env): ChatModel[] {
  const primary = chatProviderFrom(env);
  const raw = env.CAPSTONE_FALLBACK_PROVIDERS?.trim();
  const fallbacks = raw ? raw.split(',').map((p) => p.trim().toLowerCase()) : [];
  for (const id of fallbacks) {
    if (!(PROVIDERS as readonly string[]).includes(id)) {
      throw new Error(`CAPSTONE_FALLBACK_PROVIDERS: "${id}" is not a provider; use ${PROVIDERS.join(', ')}`);
    }
  }
  const ids = [primary, ...fallbacks.filter((id) => id !== primary)];
  return ids.map((id) => createChatModel({ ...env, LLM_PROVIDER: id }));
}
