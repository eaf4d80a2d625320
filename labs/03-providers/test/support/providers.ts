import { type ChatRequest, OfflineChatModel, OllamaChatModel, OpenAIChatModel } from '@workshop/llm';
import type { EmulatorControls } from '@workshop/testkit';

/** The real `openai` client, pointed (by default) at api.openai.com, which the testkit emulates. */
export function openai(model = 'gpt-4o-mini'): OpenAIChatModel {
  return new OpenAIChatModel({ apiKey: 'sk-test-not-a-real-key', model });
}

/** The real `ollama` client, pointed at the default host, which the testkit emulates. */
export function ollama(model = 'llama3.2'): OllamaChatModel {
  return new OllamaChatModel({ model });
}

/** The offline simulator: no network at all, the last resort of a fallback chain. */
export function offline(): OfflineChatModel {
  return new OfflineChatModel();
}

/** The one request every test sends, whichever provider answers it. */
export const question: ChatRequest = {
  messages: [
    { role: 'system', content: 'You are the support assistant of Acme. Answer in one sentence.' },
    { role: 'user', content: 'How do I reset my password?' },
  ],
  temperature: 0,
  maxOutputTokens: 200,
};

/**
 * Wait until `emulator` has received `count` requests, without real timing assumptions.
 * Fails with a clear message if the call under test settles first (e.g. a starter's TODO).
 */
export async function untilRequests(
  emulator: EmulatorControls,
  count: number,
  pending: Promise<unknown>,
): Promise<void> {
  let settled: { error: unknown } | undefined;
  pending.then(
    () => {
      settled = { error: undefined };
    },
    (error: unknown) => {
      settled = { error };
    },
  );
  for (let i = 0; i < 2_000; i++) {
    if (emulator.requests.length >= count) return;
    if (settled) {
      const why = settled.error instanceof Error ? `it failed: ${settled.error.message}` : 'it answered';
      throw new Error(`the call settled before the provider received request #${count} (${why})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error(`the provider never received request #${count}`);
}

/** The rejection of `promise`, or a failure if it resolved. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    // An unimplemented starter shows its TODO rather than a confusing assertion about it.
    if (error instanceof Error && error.message.startsWith('TODO')) throw error;
    if (error instanceof Error) return error as Error & Record<string, unknown>;
    throw new Error(`expected an Error, got ${String(error)}`);
  }
  throw new Error('expected the call to fail, but it answered');
}
