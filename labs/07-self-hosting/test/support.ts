/**
 * Test helpers (not a test file). The models are the real adapters of `@workshop/llm` on the
 * real `ollama` and `openai` clients, talking to testkit's emulated APIs: "Ollama received it"
 * means an HTTP request reached the emulated Ollama.
 */
import { createHash } from 'node:crypto';
import { type ChatModel, OllamaChatModel, OpenAIChatModel } from '@workshop/llm';

/** The self-hosted model: `llama3.2` on the emulated Ollama (`http://127.0.0.1:11434`). */
export function selfHostedModel(timeoutMs = 2_000): ChatModel {
  return new OllamaChatModel({ model: 'llama3.2', timeoutMs });
}

/** The hosted model: `gpt-4o-mini` on the emulated OpenAI API, no retries (one call = one request). */
export function hostedModel(): ChatModel {
  return new OpenAIChatModel({ apiKey: 'sk-test-not-a-real-key', model: 'gpt-4o-mini', maxRetries: 0 });
}

/** A made-up but well-formed sha256 digest (64 hex characters) for a label. */
export function digest(label: string): string {
  return createHash('sha256').update(`test:${label}`).digest('hex');
}

/** A clock that returns the given readings in order, then fails the test if read again. */
export function sequenceClock(readings: number[]): () => number {
  let next = 0;
  return () => {
    const value = readings[next++];
    if (value === undefined) throw new Error(`the clock was read more than ${readings.length} times`);
    return value;
  };
}

/** Everything any test has sent to an emulator, as one string, to search for leaked data. */
export function wireDump(requests: readonly { body: unknown; url: string }[]): string {
  return requests.map((r) => `${r.url} ${JSON.stringify(r.body ?? '')}`).join('\n');
}

/** A valid ops config (plain data, as read from JSON), with overrides of its top-level fields. */
export function opsInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    host: 'http://127.0.0.1:11434',
    models: [{ name: 'llama3.2:latest', digest: `sha256:${digest('llama3.2')}`, keepAlive: '30m' }],
    server: { numParallel: 2, maxQueue: 16, maxLoadedModels: 1 },
    timeouts: { connectMs: 2_000, requestMs: 60_000 },
    probes: [
      { name: 'liveness', endpoint: '/api/version', intervalSeconds: 10, timeoutMs: 1_000, failureThreshold: 3 },
      { name: 'readiness', endpoint: '/api/ps', intervalSeconds: 10, timeoutMs: 1_000, failureThreshold: 1 },
    ],
    ...overrides,
  };
}
