/**
 * Test helpers (not a test file). The models are the real adapters of `@workshop/llm` on the real
 * `ollama` and `openai` clients, talking to testkit's emulated APIs: "Ollama received it" means an
 * HTTP request reached the emulated Ollama, "vLLM received it" one reached the emulated
 * OpenAI-compatible server at vLLM's address.
 */
import { VLLM_DEFAULTS, vllmModel } from '@lab/backends.ts';
import { type ChatModel, OllamaChatModel, OpenAIChatModel } from '@workshop/llm';
import type { OpenAIEmulator, TestMockNetwork } from '@workshop/testkit';

/** The Ollama model: `llama3.2` on the emulated Ollama (`http://127.0.0.1:11434`). */
export function ollama(timeoutMs = 2_000): ChatModel {
  return new OllamaChatModel({ model: 'llama3.2', timeoutMs });
}

/** The vLLM model, built as the lab builds it (the OpenAI adapter at `http://localhost:8000/v1`, no key). */
export function vllm(timeoutMs = 2_000): ChatModel {
  return vllmModel({ LLM_TIMEOUT_MS: String(timeoutMs) });
}

/** The emulated vLLM server: testkit's OpenAI-compatible emulator at vLLM's default address. */
export function vllmServer(network: TestMockNetwork): OpenAIEmulator {
  return network.openaiCompatible(VLLM_DEFAULTS.baseURL);
}

/** The hosted model: `gpt-4o-mini` on the emulated OpenAI API, no retries (one call = one request). */
export function hosted(): ChatModel {
  return new OpenAIChatModel({ apiKey: 'sk-test-not-a-real-key', model: 'gpt-4o-mini', maxRetries: 0 });
}

/** Everything sent to an emulator, as one string, to search for leaked data. */
export function wireDump(requests: readonly { body: unknown; url: string }[]): string {
  return requests.map((r) => `${r.url} ${JSON.stringify(r.body ?? '')}`).join('\n');
}
