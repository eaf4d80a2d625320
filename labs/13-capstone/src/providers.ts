/**
 * The chat models of the chain from the environment: `LLM_PROVIDER` (read by `@workshop/llm`)
 * is the primary; `CAPSTONE_FALLBACK_PROVIDERS` (comma-separated, e.g. `ollama,offline`) follow in
 * order. Default: the offline simulator alone; with a live primary, the simulator is the last
 * resort. Given code: the same file in the starter and the solution.
 */
import { type ChatModel, chatProviderFrom, createChatModel, type Env, PROVIDERS } from '@workshop/llm';

/** The models of the provider chain, primary first. Errors name the variable. */
export function chatModelsFromEnv(env: Env = process.env): ChatModel[] {
  const primary = chatProviderFrom(env);
  const raw = env.CAPSTONE_FALLBACK_PROVIDERS?.trim();
  const fallbacks = raw ? raw.split(',').map((p) => p.trim().toLowerCase()) : primary === 'offline' ? [] : ['offline'];
  for (const id of fallbacks) {
    if (!(PROVIDERS as readonly string[]).includes(id)) {
      throw new Error(`CAPSTONE_FALLBACK_PROVIDERS: "${id}" is not a provider; use ${PROVIDERS.join(', ')}`);
    }
  }
  const ids = [primary, ...fallbacks.filter((id) => id !== primary)];
  return ids.map((id) => createChatModel({ ...env, LLM_PROVIDER: id }));
}
