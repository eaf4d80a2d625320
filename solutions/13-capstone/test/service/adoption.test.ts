import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { expectMetric, fakeClock, QUESTIONS, toServices, useServices } from '../support/harness.ts';

useMockNetwork({ handlers: [toServices] });
const start = useServices();

const HOUR = 3_600_000;

describe('feedback and adoption: satisfaction, handoff rate, active and returning users', () => {
  it('turns ratings and handoff requests into satisfaction and escalation KPIs', async () => {
    const api = await start();
    const a = await api.ask(QUESTIONS.breaker, 'alice');
    const b = await api.ask(QUESTIONS.rollback, 'bob');

    const up = await api.post('/v1/feedback', { requestId: a.body.requestId, rating: 'up' }, { user: 'alice' });
    const down = await api.post(
      '/v1/feedback',
      { requestId: b.body.requestId, rating: 'down', comment: 'not what I asked', handoff: true },
      { user: 'bob' },
    );

    expect(up.status, up.text).toBe(202);
    expect(down.status, down.text).toBe(202);
    expect(down.body.handoff, 'a handoff says who takes over').toMatchObject({ team: expect.any(String) });
    const metrics = await api.metrics();
    expectMetric(metrics, 'capstone_feedback_total', { rating: 'up' }).toBe(1);
    expectMetric(metrics, 'capstone_feedback_total', { rating: 'down' }).toBe(1);
    expectMetric(metrics, 'capstone_satisfaction_ratio').toBe(0.5);
    expectMetric(metrics, 'capstone_escalations_total', { source: 'handoff' }).toBe(1);
    expectMetric(metrics, 'capstone_escalation_ratio', {}, '1 handoff over 2 answers').toBe(0.5);
  });

  it('accepts feedback once, for a known answer, from the user who asked', async () => {
    const api = await start();
    const a = await api.ask(QUESTIONS.breaker, 'alice');
    const rate = (user: string, requestId: string) => api.post('/v1/feedback', { requestId, rating: 'up' }, { user });

    expect((await rate('alice', 'no-such-request')).status).toBe(404);
    expect((await rate('mallory', a.body.requestId)).status).toBe(403);
    expect((await rate('alice', a.body.requestId)).status).toBe(202);
    expect((await rate('alice', a.body.requestId)).status).toBe(409);
    const bad = await api.post('/v1/feedback', { requestId: a.body.requestId, rating: 5 }, { user: 'alice' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('rating');
    expectMetric(await api.metrics(), 'capstone_feedback_total').toBe(1);
  });

  it('counts active users in the window and users who come back on a later day', async () => {
    const clock = fakeClock();
    const api = await start({ now: clock.now });
    await api.ask(QUESTIONS.breaker, 'alice');
    await api.ask(QUESTIONS.rollback, 'bob');

    let metrics = await api.metrics();
    expectMetric(metrics, 'capstone_active_users').toBe(2);
    expectMetric(metrics, 'capstone_returning_users').toBe(0);

    clock.advance(25 * HOUR); // the next day; bob has not been seen for more than the 24 h window
    await api.ask(QUESTIONS.cache, 'alice');

    metrics = await api.metrics();
    expectMetric(metrics, 'capstone_active_users').toBe(1);
    expectMetric(metrics, 'capstone_returning_users').toBe(1);
  });
});
