/**
 * The four providers of `createProviders`, at their pinned snapshots, on testkit's emulators: the
 * real `openai` client for OpenAI and Mistral (OpenAI-compatible), the real `ollama` client, and the
 * offline simulator. Call `emulatedProviders` inside a test (emulators reset after each one).
 */
import { createProviders, MISTRAL_BASE_URL, PINNED_MODELS, type ProviderSet } from '@lab/providers.ts';
import { DEFAULT_OPENAI_MODELS, type OpenAIEmulator, type TestMockNetwork } from '@workshop/testkit';
import type { VirtualClock } from '../virtual-clock.ts';

export interface Emulated {
  providers: ProviderSet;
  openai: OpenAIEmulator;
  mistral: OpenAIEmulator;
  /** Model ids each emulator was asked for, in order. */
  sentModels(): Record<'openai' | 'mistral' | 'ollama', unknown[]>;
}

export function emulatedProviders(network: TestMockNetwork): Emulated {
  network.openai.models = [...DEFAULT_OPENAI_MODELS, PINNED_MODELS.openai];
  const mistral = network.openaiCompatible(MISTRAL_BASE_URL);
  network.ollama.pulled = [{ name: PINNED_MODELS.ollama }];
  return {
    providers: createProviders({ openaiApiKey: 'sk-test-not-a-real-key', mistralApiKey: 'mistral-test-key' }),
    openai: network.openai,
    mistral,
    sentModels: () => ({
      openai: network.openai.chatRequests.map((r) => r.model),
      mistral: mistral.chatRequests.map((r) => r.model),
      ollama: network.ollama.chatRequests.map((r) => r.model),
    }),
  };
}

/** How a call ended. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Wait for `call` on virtual time. Sleeps move the clock by themselves; a request an emulator holds
 * (a `timeout` fault) waits for a deadline, so each time `held()` counts one more such request, the
 * earliest pending deadline fires, as it would when its time came.
 */
export async function settle<T>(
  call: Promise<T>,
  clock: VirtualClock,
  held: () => number = () => 0,
): Promise<Settled<T>> {
  let result: Settled<T> | undefined;
  call.then(
    (value) => {
      result = { ok: true, value };
    },
    (error: unknown) => {
      result = { ok: false, error };
    },
  );
  let fired = 0;
  // Mostly the emulators' own async work: turn the event loop without waiting, then more slowly.
  for (let turn = 0; turn < 10_000 && !result; turn++) {
    await new Promise((resolve) => (turn < 5_000 ? setImmediate(resolve) : setTimeout(resolve, 1)));
    if (!result && held() > fired) {
      fired += 1;
      clock.fireNext();
    }
  }
  if (!result)
    throw new Error('the call did not settle: is something waiting on the system clock instead of env.clock?');
  return result;
}
