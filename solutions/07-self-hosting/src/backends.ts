/**
 * The models of the lab, built from the environment with `@workshop/llm`'s own adapters. Given
 * code: the same in the starter and the solution.
 *
 * vLLM needs no adapter of its own: it serves the OpenAI API, so `@workshop/llm`'s OpenAI adapter
 * with `OPENAI_BASE_URL` pointing at it (and no key, unless you started vLLM with `--api-key`) is
 * the vLLM client. The same goes for TGI, LM Studio, llama.cpp's server and Ollama's own `/v1`.
 * What makes a model "self-hosted" is where its base URL points, not which adapter talks to it.
 */
import { type ChatModel, createChatModel, type Env } from '@workshop/llm';

/** Where the lab looks for vLLM when `VLLM_BASE_URL` / `VLLM_MODEL` are unset (vLLM's own defaults). */
export const VLLM_DEFAULTS = {
  baseURL: 'http://localhost:8000/v1',
  model: 'meta-llama/Llama-3.1-8B-Instruct',
} as const;

/** Ollama at `OLLAMA_HOST` (default `http://127.0.0.1:11434`) serving `OLLAMA_MODEL` (default `llama3.2`). */
export function ollamaModel(env: Env = process.env): ChatModel {
  return createChatModel({ ...pick(env, 'OLLAMA_HOST', 'OLLAMA_MODEL', 'LLM_TIMEOUT_MS'), LLM_PROVIDER: 'ollama' });
}

/** vLLM at `VLLM_BASE_URL` serving `VLLM_MODEL`, through the OpenAI adapter (`VLLM_API_KEY` if it needs one). */
export function vllmModel(env: Env = process.env): ChatModel {
  return createChatModel({
    ...pick(env, 'LLM_TIMEOUT_MS'),
    LLM_PROVIDER: 'openai',
    OPENAI_BASE_URL: env.VLLM_BASE_URL?.trim() || VLLM_DEFAULTS.baseURL,
    OPENAI_MODEL: env.VLLM_MODEL?.trim() || VLLM_DEFAULTS.model,
    OPENAI_API_KEY: env.VLLM_API_KEY,
  });
}

/** Only the named variables: a hosted `OPENAI_API_KEY` in the environment must never reach a self-hosted client. */
function pick(env: Env, ...names: string[]): Record<string, string | undefined> {
  return Object.fromEntries(names.map((name) => [name, env[name]]));
}
