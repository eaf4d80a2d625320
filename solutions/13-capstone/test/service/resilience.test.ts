import { useMockNetwork } from '@workshop/testkit';
import type { VectorStore } from '@workshop/vector';
import { createMemoryVectorStore } from '@workshop/vector';
import { describe, expect, it } from 'vitest';
import { BREAKER_ANSWER, expectMetric, QUESTIONS, toServices, useServices } from '../support/harness.ts';
import { ollama, openai } from '../support/providers.ts';

const network = useMockNetwork({ handlers: [toServices] });
const start = useServices();

/** Fast retries, so the scripted faults play out quickly. */
const FAST = { providerMaxAttempts: 2, providerBaseDelayMs: 1, providerTimeoutMs: 2_000 };

describe('provider failures fall back or degrade, flagged in the response (03)', () => {
  it('answers from the fallback provider when the primary keeps failing, and says so', async () => {
    network.openai.fail({ fault: 'server_error', status: 503 }, 2);
    network.ollama.script({ content: BREAKER_ANSWER });
    const api = await start({ chatModels: [openai(), ollama()], config: FAST });

    const reply = await api.ask(QUESTIONS.breaker);

    expect(reply.status, reply.text).toBe(200);
    expect(reply.body).toMatchObject({ status: 'answered', provider: 'ollama', fallback: true, degraded: false });
    expect(network.openai.chatRequests, 'the primary is retried before falling back').toHaveLength(2);
    const metrics = await api.metrics();
    expectMetric(metrics, 'capstone_fallback_answers_total', { provider: 'ollama' }).toBe(1);
    expectMetric(metrics, 'capstone_provider_attempts_total', { provider: 'openai', outcome: 'unavailable' }).toBe(2);
    expectMetric(metrics, 'capstone_provider_attempts_total', { provider: 'ollama', outcome: 'success' }).toBe(1);
  });

  it('counts a provider timeout and still answers', async () => {
    network.openai.fail({ fault: 'timeout' }, 1);
    network.ollama.script({ content: BREAKER_ANSWER });
    const api = await start({
      chatModels: [openai(), ollama()],
      config: { ...FAST, providerMaxAttempts: 1, providerTimeoutMs: 100 },
    });

    const reply = await api.ask(QUESTIONS.breaker);

    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.fallback).toBe(true);
    const metrics = await api.metrics();
    expectMetric(metrics, 'capstone_provider_timeouts_total', { provider: 'openai' }).toBe(1);
  });

  it('degrades to the best passages, flagged, when every provider is down', async () => {
    network.openai.fail({ fault: 'server_error' }, 2);
    network.ollama.fail({ fault: 'server_error' }, 2);
    const api = await start({ chatModels: [openai(), ollama()], config: FAST });

    const reply = await api.ask(QUESTIONS.breaker);

    expect(reply.status, 'an outage upstream is not a 5xx for the user').toBe(200);
    expect(reply.body).toMatchObject({ status: 'degraded', degraded: true, degradedReason: 'providers_unavailable' });
    expect(reply.body.citations[0]?.source).toBe('circuit-breakers.md');
    expect(reply.body.answer).toContain('five consecutive failures');
    const metrics = await api.metrics();
    expectMetric(metrics, 'capstone_degraded_total', { reason: 'providers_unavailable' }).toBe(1);
  });

  it('degrades when the vector store is down instead of failing', async () => {
    const store = createMemoryVectorStore();
    let down = false;
    // The same store, except that search fails once `down` is set (an outage after startup).
    const flaky = new Proxy(store, {
      get(target, property) {
        if (property === 'search' && down)
          return () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6333'));
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as VectorStore;
    const api = await start({ vectorStore: flaky });
    down = true;

    const reply = await api.ask(QUESTIONS.breaker);

    expect(reply.status, reply.text).toBe(200);
    expect(reply.body).toMatchObject({ degraded: true, degradedReason: 'retrieval_unavailable' });
    const metrics = await api.metrics();
    expectMetric(metrics, 'capstone_degraded_total', { reason: 'retrieval_unavailable' }).toBe(1);
  });

  it('stops calling a primary whose circuit is open', async () => {
    network.openai.fail({ fault: 'server_error' }, 2);
    network.ollama.script({ content: BREAKER_ANSWER }, { content: BREAKER_ANSWER }, { content: BREAKER_ANSWER });
    const api = await start({
      chatModels: [openai(), ollama()],
      config: { ...FAST, providerMaxAttempts: 1, breakerFailureThreshold: 2, breakerCooldownMs: 60_000 },
    });

    for (let i = 0; i < 3; i++) expect((await api.ask(`${QUESTIONS.breaker} (${i})`)).body.provider).toBe('ollama');

    expect(network.openai.chatRequests, 'after 2 failures the open circuit must keep the primary out').toHaveLength(2);
    const metrics = await api.metrics();
    expectMetric(metrics, 'capstone_provider_attempts_total', { provider: 'openai', outcome: 'circuit_open' }).toBe(1);
  });
});
