import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { BREAKER_ANSWER, expectMetric, QUESTIONS, toServices, useServices, waitFor } from '../support/harness.ts';
import { openai } from '../support/providers.ts';

const network = useMockNetwork({ handlers: [toServices] });
const start = useServices();

describe('a bounded queue sheds overload with 429 and Retry-After', () => {
  it('answers one, queues one, sheds the third, and the queue drains', async () => {
    // The provider takes a while, so the first question holds the only slot.
    network.openai.script({ content: BREAKER_ANSWER, delayMs: 300 }, { content: BREAKER_ANSWER, delayMs: 50 });
    const api = await start({ chatModels: [openai()], config: { maxConcurrent: 1, maxQueue: 1 } });
    const { admission } = api.service.components;

    const first = api.ask(`${QUESTIONS.breaker} (first)`, 'alice');
    await waitFor(() => network.openai.chatRequests.length === 1, 'the first question never reached the provider');
    const second = api.ask(`${QUESTIONS.breaker} (second)`, 'bob');
    await waitFor(
      () => admission.waiting === 1,
      'no question is waiting in the admission queue: /v1/ask must go through AdmissionQueue.acquire()',
    );
    const depth = (await api.metrics()).value('capstone_queue_depth');
    const third = await api.ask(`${QUESTIONS.breaker} (third)`, 'carol');

    expect(depth).toBe(1);
    expect(third.status, third.text).toBe(429);
    expect(third.body.error).toMatchObject({ code: 'overloaded', requestId: expect.any(String) });
    expect(Number(third.headers.get('retry-after')), 'Retry-After in whole seconds').toBeGreaterThanOrEqual(1);
    expect((await first).status).toBe(200);
    expect((await second).status, 'a queued question is answered, not dropped').toBe(200);
    expect(network.openai.chatRequests, 'the shed question never reached the provider').toHaveLength(2);

    const metrics = await api.metrics();
    expectMetric(metrics, 'capstone_shed_total').toBe(1);
    expectMetric(metrics, 'capstone_queue_depth').toBe(0);
    expectMetric(metrics, 'capstone_in_flight').toBe(0);
    expectMetric(metrics, 'http_requests_total', { route: '/v1/ask', status: '429' }).toBe(1);
  });
});
