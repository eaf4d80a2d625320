import { PinnedModelError, pinnedModelErrorIn } from '@lab/pinned-model-error.ts';
import { pinned } from '@lab/pinning.ts';
import { buildChain } from '@lab/policy.ts';
import { PINNED_MODELS } from '@lab/providers.ts';
import { seededRandom } from '@workshop/kit';
import { type ChatModel, isProviderError } from '@workshop/llm';
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { type Emulated, emulatedProviders, settle } from './support/emulated.ts';
import { question, rejectionOf } from './support/providers.ts';
import { VirtualClock } from './virtual-clock.ts';

const network = useMockNetwork();

/** A successor a vendor might serve instead: an auto-upgraded deployment, a moved alias. */
const SUCCESSOR = 'gpt-4.1-mini-2025-04-14';

async function streamOf(model: ChatModel): Promise<string> {
  let text = '';
  for await (const event of model.stream(question)) if (event.type === 'text-delta') text += event.text;
  return text;
}

describe('DoD-3 a retired snapshot is detected and named, never swapped', () => {
  it('OpenAI: a retired snapshot fails with a typed error naming it, after one request for that id only', async () => {
    const { providers, sentModels } = emulatedProviders(network);
    network.openai.retiredModels = [PINNED_MODELS.openai];

    const error = await rejectionOf(pinned(providers.openai).generate(question));

    expect(pinnedModelErrorIn(error), `expected a PinnedModelError, got: ${error.message}`).toMatchObject({
      violation: 'retired',
      provider: 'openai',
      modelId: PINNED_MODELS.openai,
      retryable: false,
    });
    expect(sentModels().openai).toEqual([PINNED_MODELS.openai]);
  });

  it('Ollama: a pinned tag the server no longer has is a retired pin too, and streams say so as well', async () => {
    const { providers, sentModels } = emulatedProviders(network);
    network.ollama.pulled = [{ name: 'llama3.2:latest' }];

    const error = await rejectionOf(streamOf(pinned(providers.ollama)));

    expect(pinnedModelErrorIn(error), `expected a PinnedModelError, got: ${error.message}`).toMatchObject({
      violation: 'retired',
      provider: 'ollama',
      modelId: PINNED_MODELS.ollama,
    });
    expect(sentModels().ollama).toEqual([PINNED_MODELS.ollama]);
  });

  it('an answer from another model than pinned is refused, not passed off as the pinned one (plain and streamed)', async () => {
    const { providers } = emulatedProviders(network);
    network.openai.script(
      { content: 'Answer from a model nobody evaluated.', model: SUCCESSOR },
      { content: 'Answer from a model nobody evaluated.', model: SUCCESSOR },
    );
    const model = pinned(providers.openai);

    for (const error of [await rejectionOf(model.generate(question)), await rejectionOf(streamOf(model))]) {
      expect(pinnedModelErrorIn(error), `expected a PinnedModelError, got: ${error.message}`).toMatchObject({
        violation: 'swapped',
        modelId: PINNED_MODELS.openai,
        servedModel: SUCCESSOR,
      });
    }
  });

  it('leaves answers and every other failure as they were, so the chain still retries what is transient', async () => {
    const { providers } = emulatedProviders(network);
    const model = pinned(providers.openai);
    network.openai.script({ content: 'Use the reset link on the sign-in page.' });
    const answer = await model.generate(question);
    expect(answer).toMatchObject({ text: 'Use the reset link on the sign-in page.', model: PINNED_MODELS.openai });
    expect(model).toMatchObject({ provider: 'openai', modelId: PINNED_MODELS.openai });

    network.openai.fail({ fault: 'rate_limit', retryAfterSeconds: 2 });
    network.openai.fail({ fault: 'server_error', status: 502 });
    const throttled = await rejectionOf(model.generate(question));
    const failing = await rejectionOf(model.generate(question));
    const invalid = await rejectionOf(model.generate({ ...question, messages: [] }));
    for (const [error, kind] of [
      [throttled, 'rate_limit'],
      [failing, 'unavailable'],
      [invalid, 'invalid_request'],
    ] as const) {
      expect(pinnedModelErrorIn(error), `a ${kind} is not a broken pin`).toBeUndefined();
      expect(isProviderError(error) && error.kind, error.message).toBe(kind);
    }
    expect(throttled).toMatchObject({ retryAfterMs: 2_000, retryable: true });
  });
});

const SWAPPED = { content: 'Answer from a model nobody evaluated.', model: SUCCESSOR };

describe('DoD-3 the chain handles a broken pin without a silent swap', () => {
  const scenarios: [string, (emulated: Emulated) => void, (provider: string) => boolean][] = [
    [
      'OpenAI has retired its pinned snapshot: another provider answers, or the caller gets the typed error',
      () => {
        network.openai.retiredModels = [PINNED_MODELS.openai];
      },
      (provider) => provider !== 'openai',
    ],
    [
      'every hosted pin is broken (OpenAI swapped, Mistral retired, the Ollama tag gone): only offline may answer',
      (emulated) => {
        network.openai.script(SWAPPED, SWAPPED);
        emulated.mistral.retiredModels = [PINNED_MODELS.mistral];
        network.ollama.pulled = [{ name: 'llama3.2:latest' }];
      },
      (provider) => provider === 'offline',
    ],
  ];
  for (const [what, breakPins, mayAnswer] of scenarios) {
    it(what, async () => {
      const emulated = emulatedProviders(network);
      breakPins(emulated);
      const clock = new VirtualClock();
      const chain = buildChain(emulated.providers, { clock, random: seededRandom(7) });

      const outcome = await settle(chain.generateWithReport(question), clock);

      if (outcome.ok) {
        const report = outcome.value;
        expect(mayAnswer(report.provider), `${report.provider} answered through a broken pin`).toBe(true);
        expect(report.value.text).not.toContain('nobody evaluated');
      } else {
        const pin = pinnedModelErrorIn(outcome.error);
        const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
        expect(pin, `expected a PinnedModelError in the chain's error: ${message}`).toBeInstanceOf(PinnedModelError);
      }
      const sent = emulated.sentModels();
      const hosted = Object.values(sent).flat();
      expect(hosted.length, 'the chain never called a hosted provider').toBeGreaterThan(0);
      for (const [provider, models] of Object.entries(sent)) {
        const pin = PINNED_MODELS[provider as keyof typeof sent];
        expect(models.length, `${provider}: a broken pin is tried once per call, not retried`).toBeLessThanOrEqual(1);
        expect(
          models.every((model) => model === pin),
          `${provider} was asked for ${models.join(', ')}`,
        ).toBe(true);
      }
    });
  }
});
