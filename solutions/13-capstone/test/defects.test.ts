/**
 * The defects of issue 13, each shown fixed by what a client (or an operator) sees: client errors
 * keep their 4xx and a disconnect is no error; the page carries its security headers; Retry-After
 * comes from measured service times and /readyz turns 503 while draining; no simulator special
 * case; an overall deadline across retries × providers; and the budget rules around failures,
 * retries and repeated requests (charged failures, rate limits, idempotency keys).
 */
import { request as httpRequest } from 'node:http';
import type { ChatModel } from '@workshop/llm';
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { AdmissionQueue } from '../src/admission.ts';
import { OverloadedError } from '../src/errors.ts';
import { chatModelsFromEnv } from '../src/providers.ts';
import {
  authAs,
  BREAKER_ANSWER,
  expectMetric,
  QUESTIONS,
  toServices,
  useServices,
  waitFor,
} from './support/harness.ts';
import { scriptedModel } from './support/models.ts';
import { ollama, openai } from './support/providers.ts';

const network = useMockNetwork({ handlers: [toServices] });
const start = useServices();

describe('defect 5: client errors keep their 4xx, and a disconnect is not an error', () => {
  it('answers a Range past the end 416 and a failed If-Match 412, logs nothing and counts no error', async () => {
    const logged: unknown[] = [];
    const api = await start({ log: (entry) => logged.push(entry) });

    const range = await fetch(`${api.url}/app.js`, { headers: { range: 'bytes=99999999-' } });
    const match = await fetch(`${api.url}/app.js`, { headers: { 'if-match': '"not-this-one"' } });

    expect(range.status).toBe(416);
    expect((await range.json()).error.code).toBe('range_not_satisfiable');
    expect(match.status).toBe(412);
    expect((await match.json()).error.code).toBe('precondition_failed');
    expect(logged, 'a client’s mistake is not logged as our bug').toEqual([]);
    const metrics = await api.metrics();
    expectMetric(metrics, 'http_requests_total', { route: 'static', status: '416' }).toBe(1);
    expectMetric(metrics, 'http_requests_total', { status: '500' }).toBe(0);
    expectMetric(metrics, 'capstone_errors_total').toBe(0);
  });

  it('treats a client that hangs up mid-answer as gone, not as a failure — and still charges the cut call', async () => {
    network.openai.script({ content: BREAKER_ANSWER, delayMs: 400 }, { content: BREAKER_ANSWER });
    const logged: unknown[] = [];
    // ~300 prompt tokens + 200 answer tokens reserved per question; 700 a day fits one and a bit.
    const api = await start({
      chatModels: [openai()],
      log: (entry) => logged.push(entry),
      config: { perUserDailyTokens: 700 },
    });

    const body = JSON.stringify({ question: QUESTIONS.breaker });
    const hungUp = httpRequest(`${api.url}/v1/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...authAs('alice') },
    });
    hungUp.on('error', () => {});
    hungUp.end(body);
    await waitFor(() => network.openai.chatRequests.length === 1, 'the question never reached the provider');
    hungUp.destroy();
    await waitFor(
      async () => (await api.metrics()).value('capstone_client_closed_total') === 1,
      'the hang-up was not seen',
    );

    const next = await api.ask(QUESTIONS.cache, 'alice');
    const metrics = await api.metrics();
    expect(logged).toEqual([]);
    expectMetric(metrics, 'capstone_client_closed_total', { route: '/v1/ask' }).toBe(1);
    expectMetric(metrics, 'http_requests_total', { route: '/v1/ask', status: '499' }).toBe(1);
    expectMetric(metrics, 'capstone_errors_total').toBe(0);
    expect(next.status, 'the cut call was charged (its prompt was sent): the day is spent').toBe(429);
  });
});

describe('defect 6: the page carries its security headers', () => {
  it('sends CSP with frame-ancestors none, X-Frame-Options and nosniff, and the page needs no inline code', async () => {
    const api = await start();

    const page = await fetch(`${api.url}/`);
    const html = await page.text();

    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/style=/);
    const api2 = await api.ask(QUESTIONS.breaker);
    expect(api2.headers.get('x-content-type-options'), 'on API answers too').toBe('nosniff');
  });
});

describe('defect 7: Retry-After from measured service times, /readyz 503 while draining', () => {
  it('estimates Retry-After from the questions in progress before any has finished', async () => {
    let now = 0;
    const queue = new AdmissionQueue({ maxConcurrent: 1, maxQueue: 0, maxWaitMs: 60_000, now: () => now });
    const release = await queue.acquire();
    now = 4_200; // the answer in progress has taken 4.2 s so far

    const shed = await queue.acquire().catch((error: unknown) => error);

    expect(shed).toBeInstanceOf(OverloadedError);
    expect((shed as OverloadedError).retryAfterSeconds, 'answers take at least 4.2 s now').toBeGreaterThanOrEqual(5);
    release();
    now = 10_000;
    const next = await queue.acquire();
    now = 10_000 + 3_000;
    next();
    const again = await queue.acquire();
    expect((await queue.acquire().catch((error: unknown) => error)) as OverloadedError).toMatchObject({
      retryAfterSeconds: 4, // the smoothed measurements (4.2 s, then 3 s): 3.96 s; nothing older in progress
    });
    again();
  });

  it('reports 503 on /readyz (and refuses questions) during the drain notice, while still listening', async () => {
    const api = await start({ config: { drainNoticeMs: 400 } });
    expect((await api.get('/readyz')).status).toBe(200);

    const closing = api.service.close();
    const ready = await api.get('/readyz');
    const asked = await api.ask(QUESTIONS.breaker);
    await closing;

    expect(ready.status, 'the load balancer sees the drain').toBe(503);
    expect(ready.body.checks.draining.ok).toBe(false);
    expect(asked.status).toBe(503);
    expect(asked.body.error.code).toBe('shutting_down');
    await expect(fetch(`${api.url}/healthz`), 'then the listener closes').rejects.toThrow();
  });
});

describe('defect 9: no simulator special case', () => {
  it('never ends a live chain in the simulator unless it is listed', () => {
    const live = chatModelsFromEnv({ LLM_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-test' });
    const listed = chatModelsFromEnv({
      LLM_PROVIDER: 'openai',
      OPENAI_API_KEY: 'sk-test',
      CAPSTONE_FALLBACK_PROVIDERS: 'ollama,offline',
    });

    expect(live.map((m) => m.provider)).toEqual(['openai']);
    expect(listed.map((m) => m.provider)).toEqual(['openai', 'ollama', 'offline']);
  });

  it('answers a live outage with a degraded answer, and recognises any model’s "I don’t know"', async () => {
    network.openai.fail({ fault: 'server_error', status: 503 }, 2);
    const down = await start({ chatModels: [openai()], config: { providerMaxAttempts: 2, providerBaseDelayMs: 1 } });
    const outage = await down.ask(QUESTIONS.breaker);
    expect(outage.body).toMatchObject({ status: 'degraded', degradedReason: 'providers_unavailable', provider: null });

    const humble: ChatModel = scriptedModel(() => ['Sorry, I don’t know. ', 'The sources say nothing about that.']);
    const modest = scriptedModel(() => ["Sorry, I don't know: the sources do not cover it."]);
    for (const model of [humble, modest]) {
      const api = await start({ chatModels: [model] });
      const reply = await api.ask(QUESTIONS.breaker);
      expect(reply.body.status, reply.body.answer).toBe('declined');
    }
  });
});

describe('defect 10: one deadline across retries × providers', () => {
  it('degrades at the chain’s deadline instead of waiting out every attempt of every provider', async () => {
    network.openai.fail({ fault: 'timeout' }, 3);
    network.ollama.script({ content: BREAKER_ANSWER });
    const api = await start({
      chatModels: [openai(), ollama()],
      // Without the deadline: 3 attempts × 5 s on OpenAI, then Ollama.
      config: { providerTimeoutMs: 5_000, providerMaxAttempts: 3, providerBaseDelayMs: 1, chainDeadlineMs: 300 },
    });

    const reply = await api.ask(QUESTIONS.breaker);

    expect(reply.body).toMatchObject({ status: 'degraded', degradedReason: 'providers_unavailable' });
    expect(network.openai.chatRequests, 'the first attempt hung until the deadline').toHaveLength(1);
    expect(network.ollama.requests, 'no provider is started after the deadline').toHaveLength(0);
  });
});

describe('budgets around failures, retries and repeats', () => {
  it('charges a call that failed at every provider (the prompts were sent), so the day runs out', async () => {
    network.openai.fail({ fault: 'server_error', status: 503 }, 2);
    network.openai.script({ content: BREAKER_ANSWER });
    const api = await start({
      chatModels: [openai()],
      config: { providerMaxAttempts: 2, providerBaseDelayMs: 1, perUserDailyTokens: 700 },
    });

    const failed = await api.ask(QUESTIONS.breaker, 'alice');
    const next = await api.ask(QUESTIONS.cache, 'alice');
    const other = await api.ask(QUESTIONS.cache, 'bob');

    expect(failed.body.status).toBe('degraded');
    expect(next.status, 'two prompts sent are charged').toBe(429);
    expect(other.status).toBe(200);
  });

  it('limits the questions per user per minute, with Retry-After, for that user only', async () => {
    const api = await start({ config: { perUserRequestsPerMinute: 2 } });

    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await api.ask(`${QUESTIONS.breaker} (${i})`, 'alice')).status);
    const limited = await api.ask(QUESTIONS.rollback, 'alice');
    const other = await api.ask(QUESTIONS.rollback, 'bob');

    expect(statuses).toEqual([200, 200, 429]);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(other.status).toBe(200);
    expectMetric(await api.metrics(), 'capstone_rate_limited_total').toBe(2);
  });

  it('replays an answer for a repeated Idempotency-Key instead of asking (and charging) again', async () => {
    network.openai.script({ content: BREAKER_ANSWER, delayMs: 200 }, { content: BREAKER_ANSWER });
    const api = await start({ chatModels: [openai()] });
    const ask = (question: string, user = 'alice') =>
      api.post('/v1/ask', { question }, { user, headers: { 'idempotency-key': 'retry-42' } });

    const [first, during] = await Promise.all([
      ask(QUESTIONS.breaker),
      new Promise((resolve) => setTimeout(resolve, 50)).then(() => ask(QUESTIONS.breaker)),
    ]);
    const replay = await ask(QUESTIONS.breaker);
    const changed = await ask(QUESTIONS.cache);
    const otherUser = await ask(QUESTIONS.breaker, 'bob');

    expect(first.status).toBe(200);
    expect(during.status, 'a retry while the first still runs').toBe(409);
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect(changed.status, 'the same key for another question').toBe(422);
    expect(otherUser.body.requestId, 'keys are per user').not.toBe(first.body.requestId);
    expect(network.openai.chatRequests).toHaveLength(1);
    expectMetric(await api.metrics(), 'capstone_idempotent_replays_total').toBe(1);
  });
});
