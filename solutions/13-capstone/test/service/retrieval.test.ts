import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { BREAKER_ANSWER, expectMetric, QUESTIONS, toServices, useServices } from '../support/harness.ts';
import { openai } from '../support/providers.ts';

const network = useMockNetwork({ handlers: [toServices] });
const start = useServices();

describe('retrieval has a similarity threshold and an honest fallback (09)', () => {
  it('answers an on-topic question with citations of the retrieved source', async () => {
    const api = await start();

    const reply = await api.ask(QUESTIONS.breaker);

    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.status).toBe('answered');
    expect(reply.body.citations.length, 'an answer must cite its sources').toBeGreaterThan(0);
    expect(reply.body.citations[0]).toMatchObject({ marker: expect.any(Number), source: 'circuit-breakers.md' });
    expect(reply.body.answer).toMatch(/five consecutive failures/);
  });

  it('falls back without calling the model when nothing clears the threshold', async () => {
    network.openai.script({ content: BREAKER_ANSWER });
    const api = await start({ chatModels: [openai()] });

    const reply = await api.ask(QUESTIONS.offTopic);

    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.status, 'off-topic questions get the no_result fallback').toBe('no_result');
    expect(reply.body.answer).toMatch(/^I don't know/);
    expect(reply.body.escalation, 'a fallback offers a way to a human').toMatchObject({ team: expect.any(String) });
    expect(reply.body.citations).toEqual([]);
    expect(network.openai.chatRequests, 'the model must not be asked without sources').toHaveLength(0);
    const metrics = await api.metrics();
    expectMetric(metrics, 'capstone_no_result_total').toBe(1);
  });

  it('replaces an answer the sources do not back with the fallback', async () => {
    network.openai.script({ content: 'Circuit breakers were invented in 1879 by Thomas Edison [1].' });
    const api = await start({ chatModels: [openai()] });

    const reply = await api.ask(QUESTIONS.breaker);

    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.status, 'an unsupported claim must not reach the user').toBe('ungrounded');
    expect(reply.body.answer).not.toContain('1879');
  });
});
