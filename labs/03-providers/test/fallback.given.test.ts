import { attemptsOf } from '@lab/attempts.ts';
import { resilientChain } from '@lab/chain.ts';
import { FallbackChatModel } from '@lab/fallback-model.ts';
import { ResilientChatModel } from '@lab/resilient-model.ts';
import { type ChatStreamEvent, SIMULATOR_PREFIX } from '@workshop/llm';
import { FakeClock, useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { offline, ollama, openai, question, rejectionOf } from './support/providers.ts';

const network = useMockNetwork();

function chain(clock: FakeClock) {
  return resilientChain([openai(), ollama(), offline()], {
    clock,
    random: () => 0.5,
    retry: { maxAttempts: 2 },
    breaker: { failureThreshold: 2, cooldownMs: 60_000 },
  });
}

describe('an open circuit fails fast, and a fallback chain OpenAI → Ollama → offline reports who answered', () => {
  it('an open circuit fails fast without calling the provider, then recovers after the cool-down', async () => {
    network.openai.fail({ fault: 'server_error' }, 2);
    const clock = new FakeClock();
    const model = new ResilientChatModel(openai(), {
      retry: { maxAttempts: 1 },
      breaker: { failureThreshold: 2, cooldownMs: 30_000 },
      clock,
    });

    await rejectionOf(model.generate(question));
    await rejectionOf(model.generate(question));
    expect(model.breaker.state).toBe('open');

    const fastFailure = await rejectionOf(model.generate(question));
    expect(fastFailure).toMatchObject({ kind: 'unavailable', provider: 'openai' });
    expect(attemptsOf(fastFailure)?.map((a) => a.outcome)).toEqual(['circuit_open']);
    expect(network.openai.requests).toHaveLength(2); // the third call never reached the provider

    clock.advance(30_000);
    const response = await model.generate(question); // the half-open trial; the provider is back
    expect(response.provider).toBe('openai');
    expect(model.breaker.state).toBe('closed');
    expect(network.openai.requests).toHaveLength(3);
  });

  it('stops retrying as soon as the circuit opens in the middle of a call', async () => {
    network.openai.fail({ fault: 'server_error' }, 10);
    const clock = new FakeClock();
    const model = new ResilientChatModel(openai(), {
      retry: { maxAttempts: 5 },
      breaker: { failureThreshold: 2, cooldownMs: 30_000 },
      clock,
      random: () => 0.5,
    });

    const error = await rejectionOf(model.generate(question));

    expect(network.openai.requests).toHaveLength(2);
    expect(attemptsOf(error)?.map((a) => a.outcome)).toEqual(['unavailable', 'unavailable', 'circuit_open']);
  });
  it('falls back to Ollama when OpenAI is out of retries, and says so', async () => {
    network.openai.fail({ fault: 'server_error' }, 10);
    network.ollama.script({ content: 'Click "Forgot password" on the sign-in page.' });

    const report = await chain(new FakeClock()).generateWithReport(question);

    expect(report.provider).toBe('ollama');
    expect(report.fallbackDepth).toBe(1);
    expect(report.value.provider).toBe('ollama');
    expect(report.value.text).toBe('Click "Forgot password" on the sign-in page.');
    expect(report.attempts.map((a) => [a.provider, a.outcome])).toEqual([
      ['openai', 'unavailable'],
      ['openai', 'unavailable'],
      ['ollama', 'success'],
    ]);
    expect(network.openai.requests).toHaveLength(2);
    expect(network.ollama.requests).toHaveLength(1);
  });

  it('answers offline when both remote providers are unreachable', async () => {
    network.openai.fail({ fault: 'network_error' }, 10);
    network.ollama.fail({ fault: 'network_error' }, 10);

    const report = await chain(new FakeClock()).generateWithReport(question);

    expect(report.provider).toBe('offline');
    expect(report.fallbackDepth).toBe(2);
    expect(report.value.text.startsWith(SIMULATOR_PREFIX)).toBe(true);
    expect(report.attempts.map((a) => a.provider)).toEqual(['openai', 'openai', 'ollama', 'ollama', 'offline']);
  });

  it('skips a provider whose circuit is open without calling it', async () => {
    network.openai.fail({ fault: 'server_error' }, 10);
    const model = chain(new FakeClock());
    await model.generate(question); // two failures: OpenAI's breaker opens
    const before = network.openai.requests.length;

    const report = await model.generateWithReport(question);

    expect(network.openai.requests).toHaveLength(before);
    expect(report.attempts.map((a) => [a.provider, a.outcome])).toEqual([
      ['openai', 'circuit_open'],
      ['ollama', 'success'],
    ]);
  });

  it('does not fall back on an invalid request: the next provider would reject it too', async () => {
    const model = new FallbackChatModel([
      new ResilientChatModel(openai('gpt-4o-typo'), { clock: new FakeClock() }),
      new ResilientChatModel(ollama(), { clock: new FakeClock() }),
    ]);
    const error = await rejectionOf(model.generate(question));
    expect(error).toMatchObject({ kind: 'invalid_request', provider: 'openai' });
    expect(network.ollama.requests).toHaveLength(0);
  });

  it('fails with one error naming every provider when all of them fail', async () => {
    network.openai.fail({ fault: 'server_error' }, 10);
    network.ollama.fail({ fault: 'server_error', status: 502 }, 10);
    const clock = new FakeClock();
    const model = resilientChain([openai(), ollama()], { clock, random: () => 0.5, retry: { maxAttempts: 2 } });

    const error = await rejectionOf(model.generate(question));

    expect(error).toMatchObject({ kind: 'unavailable' });
    expect(error.message).toContain('openai');
    expect(error.message).toContain('ollama');
    expect(attemptsOf(error)?.map((a) => [a.provider, a.outcome])).toEqual([
      ['openai', 'unavailable'],
      ['openai', 'unavailable'],
      ['ollama', 'unavailable'],
      ['ollama', 'unavailable'],
    ]);
    expect(error.cause).toBeInstanceOf(AggregateError);
  });

  it('is itself a ChatModel: streaming falls back the same way', async () => {
    network.openai.fail({ fault: 'server_error' }, 10);
    network.ollama.script({ content: 'Reset it from the sign-in page.' });

    const events: ChatStreamEvent[] = [];
    for await (const event of chain(new FakeClock()).stream(question)) events.push(event);

    const text = events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');
    expect(text).toBe('Reset it from the sign-in page.');
    expect(events.at(-1)).toMatchObject({ type: 'finish', response: { provider: 'ollama' } });
  });
});
