/**
 * The chain's overall deadline (given code: `FallbackChatModel`'s `deadlineMs`): per-attempt
 * timeouts bound one try, but retries × providers can add up to minutes. With a deadline, the
 * call fails as a `timeout` when it passes, and nothing more is tried.
 */
import { attemptsOf } from '@lab/attempts.ts';
import { resilientChain } from '@lab/chain.ts';
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { ollama, openai, question, rejectionOf } from './support/providers.ts';

const network = useMockNetwork();

describe('an overall deadline across retries and providers', () => {
  it('stops at the deadline: no further attempt, no next provider, a timeout carrying the attempts', async () => {
    network.openai.fail({ fault: 'timeout' }, 5);
    network.ollama.fail({ fault: 'timeout' }, 5);
    // Without the deadline: 5 attempts × 1 s on OpenAI, then as many on Ollama.
    const chain = resilientChain([openai(), ollama()], {
      timeoutMs: 1_000,
      retry: { maxAttempts: 5, baseDelayMs: 1 },
      fallback: { deadlineMs: 150 },
    });

    const error = await rejectionOf(chain.generate(question));

    expect(error).toMatchObject({ kind: 'timeout', provider: 'fallback' });
    expect(error.message).toContain('deadline of 150 ms');
    expect(network.openai.chatRequests).toHaveLength(1);
    expect(network.ollama.requests).toHaveLength(0);
    expect(attemptsOf(error)?.map((a) => a.outcome)).toEqual(['aborted']);
  });

  it('leaves a caller’s own abort as it was, and costs nothing when the call is in time', async () => {
    network.openai.fail({ fault: 'timeout' }, 1);
    const chain = resilientChain([openai()], { timeoutMs: 5_000, fallback: { deadlineMs: 5_000 } });
    const caller = new AbortController();

    const pending = rejectionOf(chain.generate({ ...question, signal: caller.signal }));
    setTimeout(() => caller.abort(new Error('the user left')), 20);
    expect(await pending).toMatchObject({ kind: 'aborted' });

    network.openai.script({ content: 'Use the reset link.' });
    expect((await chain.generate(question)).text).toBe('Use the reset link.');
  });
});
