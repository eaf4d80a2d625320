import { attemptsOf } from '@lab/attempts.ts';
import { ResilientChatModel } from '@lab/resilient-model.ts';
import { FakeClock, useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { ollama, openai, question, rejectionOf } from './support/providers.ts';

const network = useMockNetwork();

describe('errors that cannot succeed on retry are not retried', () => {
  it('does not retry an invalid request (a model that does not exist answers 404)', async () => {
    const clock = new FakeClock();
    const model = new ResilientChatModel(openai('gpt-4o-typo'), { retry: { maxAttempts: 4 }, clock });

    const error = await rejectionOf(model.generate(question));

    expect(error).toMatchObject({ kind: 'invalid_request', provider: 'openai', status: 404, retryable: false });
    expect(network.openai.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    expect(attemptsOf(error)?.map((a) => a.outcome)).toEqual(['invalid_request']);
  });

  it('does not retry a rejected API key (401)', async () => {
    // The emulator answers with OpenAI's error body and the status we ask for.
    network.openai.fail({ fault: 'server_error', status: 401 });
    const clock = new FakeClock();
    const model = new ResilientChatModel(openai(), { retry: { maxAttempts: 4 }, clock });

    const error = await rejectionOf(model.generate(question));

    expect(error).toMatchObject({ kind: 'auth', provider: 'openai', status: 401 });
    expect(network.openai.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('does not retry a model Ollama has not pulled, and the message says how to fix it', async () => {
    const clock = new FakeClock();
    const model = new ResilientChatModel(ollama('qwen2.5:72b'), { retry: { maxAttempts: 4 }, clock });

    const error = await rejectionOf(model.generate(question));

    expect(error).toMatchObject({ kind: 'invalid_request', provider: 'ollama' });
    expect(error.message).toContain('ollama pull qwen2.5:72b');
    expect(network.ollama.requests).toHaveLength(1);
  });

  it('does not count invalid requests against the circuit breaker: the provider is healthy', async () => {
    const clock = new FakeClock();
    const model = new ResilientChatModel(openai('gpt-4o-typo'), { breaker: { failureThreshold: 2 }, clock });
    for (let i = 0; i < 3; i++) await rejectionOf(model.generate(question));
    expect(model.breaker.state).toBe('closed');
    expect(network.openai.requests).toHaveLength(3);
  });
});
