import { attemptsOf } from '@lab/attempts.ts';
import { backoffDelay } from '@lab/backoff.ts';
import { ResilientChatModel } from '@lab/resilient-model.ts';
import { FakeClock, sequence, useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { ollama, openai, question, rejectionOf } from './support/providers.ts';

const network = useMockNetwork();

describe('transient failures are retried with capped exponential backoff, full jitter and Retry-After', () => {
  it('draws each wait uniformly from [0, min(cap, base·2^(retry-1)))', () => {
    const policy = { baseDelayMs: 1_000, maxDelayMs: 10_000 };
    expect(backoffDelay(1, policy, () => 0)).toBe(0);
    expect(backoffDelay(1, policy, () => 0.999)).toBe(999);
    expect(backoffDelay(2, policy, () => 0.5)).toBe(1_000);
    expect(backoffDelay(4, policy, () => 0.5)).toBe(4_000);
    // Capped: the ceiling stops doubling at maxDelayMs.
    expect(backoffDelay(5, policy, () => 0.5)).toBe(5_000);
    expect(backoffDelay(30, policy, () => 0.999)).toBe(9_990);
    // The server's Retry-After is a floor, the jitter cannot undercut it.
    expect(backoffDelay(1, policy, () => 0, 3_000)).toBe(3_000);
    expect(backoffDelay(4, policy, () => 0.5, 200)).toBe(4_000);
    expect(() => backoffDelay(0, policy, () => 0.5)).toThrow(RangeError);
  });

  it('retries 5xx answers with the jittered, capped waits and then returns the answer', async () => {
    network.openai.fail({ fault: 'server_error', status: 503 }, 3);
    network.openai.script({ content: 'Open Settings, then Security, then Reset password.' });
    const clock = new FakeClock();
    const model = new ResilientChatModel(openai(), {
      retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 300 },
      clock,
      random: sequence(0.5, 0.25, 0.999),
    });

    const report = await model.generateWithReport(question);

    expect(report.value.text).toBe('Open Settings, then Security, then Reset password.');
    expect(network.openai.requests).toHaveLength(4);
    // ceilings 100, 200, 300 (400 capped) × draws 0.5, 0.25, 0.999
    expect(clock.sleeps).toEqual([50, 50, 299]);
    expect(report.attempts.map((a) => [a.outcome, a.delayMs])).toEqual([
      ['unavailable', 0],
      ['unavailable', 50],
      ['unavailable', 50],
      ['success', 299],
    ]);
  });

  it('honours Retry-After from a 429: waits at least as long as the provider asked', async () => {
    network.openai.fail({ fault: 'rate_limit', retryAfterSeconds: 2 });
    const clock = new FakeClock();
    const model = new ResilientChatModel(openai(), {
      retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 },
      clock,
      random: () => 0.5,
    });

    const report = await model.generateWithReport(question);

    expect(network.openai.requests).toHaveLength(2);
    expect(clock.sleeps).toHaveLength(1);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(2_000);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(3_000);
    expect(report.attempts.map((a) => a.outcome)).toEqual(['rate_limit', 'success']);
  });

  it('does not wait when Retry-After is longer than maxRetryAfterMs: it gives up so a fallback can answer now', async () => {
    network.openai.fail({ fault: 'rate_limit', retryAfterSeconds: 120 });
    const clock = new FakeClock();
    const model = new ResilientChatModel(openai(), { retry: { maxAttempts: 3, maxRetryAfterMs: 10_000 }, clock });

    const error = await rejectionOf(model.generate(question));

    expect(error).toMatchObject({ kind: 'rate_limit', provider: 'openai', retryAfterMs: 120_000 });
    expect(network.openai.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('gives up after maxAttempts with the last error and the attempts made', async () => {
    network.ollama.fail({ fault: 'server_error' }, 5);
    const clock = new FakeClock();
    const model = new ResilientChatModel(ollama(), { retry: { maxAttempts: 3 }, clock, random: () => 0.5 });

    const error = await rejectionOf(model.generate(question));

    expect(error).toMatchObject({ kind: 'unavailable', provider: 'ollama', status: 500 });
    expect(network.ollama.requests).toHaveLength(3);
    expect(clock.sleeps).toHaveLength(2);
    expect(attemptsOf(error)?.map((a) => [a.provider, a.attempt, a.outcome])).toEqual([
      ['ollama', 1, 'unavailable'],
      ['ollama', 2, 'unavailable'],
      ['ollama', 3, 'unavailable'],
    ]);
  });

  it('retries an unparseable answer (bad_response) too', async () => {
    network.openai.fail({ fault: 'malformed_json' });
    const clock = new FakeClock();
    const model = new ResilientChatModel(openai(), { clock, random: () => 0.5 });
    const response = await model.generate(question);
    expect(response.provider).toBe('openai');
    expect(network.openai.requests).toHaveLength(2);
  });
});
