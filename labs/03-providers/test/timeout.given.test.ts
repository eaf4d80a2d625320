import { attemptsOf } from '@lab/attempts.ts';
import { ResilientChatModel } from '@lab/resilient-model.ts';
import { isProviderError } from '@workshop/llm';
import { FakeClock, useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { ollama, openai, question, rejectionOf, untilRequests } from './support/providers.ts';

const network = useMockNetwork();

describe('every attempt has a deadline; a hanging provider becomes a timeout error', () => {
  it('cuts off a provider that never answers and reports kind "timeout" (not "aborted")', async () => {
    network.openai.fail({ fault: 'timeout' });
    const clock = new FakeClock();
    const model = new ResilientChatModel(openai(), { timeoutMs: 5_000, retry: { maxAttempts: 1 }, clock });

    const call = model.generate(question);
    await untilRequests(network.openai, 1, call);
    expect(clock.deadlines).toEqual([5_000]);
    expect(clock.expireDeadlines()).toBe(1);

    const error = await rejectionOf(call);
    expect(isProviderError(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'timeout', provider: 'openai', retryable: true });
    expect(error.message).toMatch(/5000 ?ms/);
  });

  it('retries after a timeout, with a fresh deadline, and returns the answer of the retry', async () => {
    network.ollama.fail({ fault: 'timeout' });
    network.ollama.script({ content: 'Use "Forgot password" on the sign-in page.' });
    const clock = new FakeClock();
    const model = new ResilientChatModel(ollama(), {
      timeoutMs: 2_000,
      retry: { maxAttempts: 2 },
      clock,
      random: () => 0.5,
    });

    const pending = model.generateWithReport(question);
    await untilRequests(network.ollama, 1, pending);
    clock.expireDeadlines();
    const report = await pending;

    expect(report.value.text).toBe('Use "Forgot password" on the sign-in page.');
    expect(report.value.provider).toBe('ollama');
    expect(report.attempts.map((a) => a.outcome)).toEqual(['timeout', 'success']);
    expect(network.ollama.requests).toHaveLength(2);
    expect(clock.deadlines).toEqual([2_000, 2_000]);
    // Both timers are gone: one expired, the other was cleared when the answer came.
    expect(clock.pendingDeadlines).toBe(0);
  });

  it('clears the deadline of an attempt that answers in time (no leaked timers)', async () => {
    const clock = new FakeClock();
    const model = new ResilientChatModel(openai(), { timeoutMs: 30_000, clock });
    const response = await model.generate(question);
    expect(response.text).toBe('How do I reset my password?'); // the emulator echoes the question
    expect(clock.deadlines).toEqual([30_000]);
    expect(clock.pendingDeadlines).toBe(0);
  });

  it('treats the caller\'s own abort as final: kind "aborted", no retry, no timeout', async () => {
    network.openai.fail({ fault: 'timeout' }, 3);
    const clock = new FakeClock();
    const model = new ResilientChatModel(openai(), { timeoutMs: 5_000, retry: { maxAttempts: 3 }, clock });
    const controller = new AbortController();

    const call = model.generate({ ...question, signal: controller.signal });
    await untilRequests(network.openai, 1, call);
    controller.abort();

    const error = await rejectionOf(call);
    expect(error).toMatchObject({ kind: 'aborted', provider: 'openai' });
    expect(network.openai.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    expect(attemptsOf(error)?.map((a) => a.outcome)).toEqual(['aborted']);
  });
});
