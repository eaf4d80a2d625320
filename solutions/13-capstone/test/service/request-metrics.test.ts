import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { expectMetric, QUESTIONS, toServices, useServices } from '../support/harness.ts';

useMockNetwork({ handlers: [toServices] });
const start = useServices();

describe('latency, throughput and error metrics per route', () => {
  it('exports a latency histogram and request counts by route pattern and status', async () => {
    const api = await start();

    expect((await api.ask(QUESTIONS.breaker)).status).toBe(200);
    expect((await api.ask(QUESTIONS.rollback)).status).toBe(200);
    expect((await api.ask('')).status, 'an empty question is a 400').toBe(400);
    expect((await api.get('/healthz')).status).toBe(200);

    const metrics = await api.metrics();
    const ask = { method: 'POST', route: '/v1/ask' };
    expectMetric(metrics, 'http_request_duration_seconds_count', { ...ask, status: '200' }).toBe(2);
    expectMetric(metrics, 'http_request_duration_seconds_count', { ...ask, status: '400' }).toBe(1);
    expectMetric(metrics, 'http_request_duration_seconds_bucket', { ...ask, status: '200', le: '+Inf' }).toBe(2);
    expectMetric(metrics, 'http_request_duration_seconds_sum', { ...ask, status: '200' }).toBeGreaterThan(0);
    expectMetric(metrics, 'http_requests_total', { ...ask, status: '200' }).toBe(2);
    expectMetric(metrics, 'http_requests_total', { route: '/healthz', status: '200' }).toBe(1);
    expectMetric(metrics, 'capstone_asks_total', { mode: 'json' }, 'invalid input never enters the pipeline').toBe(2);
    expectMetric(metrics, 'capstone_answers_total', { status: 'answered', mode: 'json' }).toBe(2);
    expectMetric(metrics, 'capstone_time_to_first_token_seconds_count', { mode: 'json' }).toBe(2);
  });

  it('labels requests by route pattern, never by raw URL', async () => {
    const api = await start();

    await api.get('/no/such/path/123');
    await api.get('/another/unknown');

    const metrics = await api.metrics();
    expectMetric(metrics, 'http_requests_total', { route: 'unmatched', status: '404' }).toBe(2);
    const routes = new Set(metrics.samples.filter((s) => s.name === 'http_requests_total').map((s) => s.labels.route));
    expect(
      [...routes].some((r) => r?.includes('123')),
      'a URL in a label explodes the series count',
    ).toBe(false);
  });
});
