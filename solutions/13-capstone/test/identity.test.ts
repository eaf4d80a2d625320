/**
 * Identity: who asks decides budgets, rate limits, adoption and who may rate an answer, so it
 * comes from an API key (when keys are configured) or a signed session cookie — never from a
 * header the client chooses. Answer ids are the server's, bound to their asker.
 */
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { parseApiKeys } from '../src/identity.ts';
import { authAs, BREAKER_ANSWER, expectMetric, QUESTIONS, toServices, useServices } from './support/harness.ts';
import { openai } from './support/providers.ts';

const network = useMockNetwork({ handlers: [toServices] });
const start = useServices();

const json = { 'content-type': 'application/json' };

describe('with API keys, every /v1 call needs one', () => {
  it('answers a call without a key, or with a wrong one, 401 in one line, and never echoes or logs the key', async () => {
    const logged: unknown[] = [];
    const api = await start({ log: (entry) => logged.push(entry) });
    const wrong = 'not-a-key-of-anyone-1234567890';

    const none = await fetch(`${api.url}/v1/ask`, { method: 'POST', headers: json, body: '{"question":"hi"}' });
    const bad = await fetch(`${api.url}/v1/ask`, {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${wrong}` },
      body: '{"question":"hi"}',
    });
    const feedback = await fetch(`${api.url}/v1/feedback`, { method: 'POST', headers: json, body: '{}' });

    for (const reply of [none, bad, feedback]) {
      expect(reply.status).toBe(401);
      expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const body = await reply.json();
      expect(body.error).toMatchObject({ code: 'unauthorized', requestId: expect.any(String) });
      expect(body.error.message).not.toContain('\n');
      expect(JSON.stringify(body)).not.toContain(wrong);
    }
    expect(JSON.stringify(logged)).not.toContain(wrong);
    expect(JSON.stringify(logged)).not.toContain('test-key-');
    // The page and the probes stay open: they carry no user data.
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${api.url}/`)).status).toBe(200);
  });

  it('makes the key’s owner the user: a changed x-user-id changes no budget', async () => {
    network.openai.script({ content: BREAKER_ANSWER, usage: { inputTokens: 300, outputTokens: 30 } });
    const api = await start({ chatModels: [openai()], config: { perUserDailyTokens: 700 } });

    const first = await api.post('/v1/ask', { question: QUESTIONS.breaker }, { user: 'alice' });
    const disguised = await api.post(
      '/v1/ask',
      { question: QUESTIONS.cache },
      { user: 'alice', headers: { 'x-user-id': 'someone-new' } },
    );
    const session = await fetch(`${api.url}/v1/session`, { headers: { ...authAs('alice'), 'x-user-id': 'bob' } });

    expect(first.status, first.text).toBe(200);
    expect(disguised.status, 'alice’s budget follows her key, whatever header she sends').toBe(429);
    expect(disguised.body.error.message).toContain('"alice"');
    expect(await session.json()).toEqual({ user: 'alice', via: 'api_key' });
  });

  it('reads CAPSTONE_API_KEYS, and names the variable (never a key) when it is wrong', () => {
    expect(parseApiKeys('alice:0123456789abcdef0123, bob:fedcba9876543210fedc')).toEqual({
      alice: '0123456789abcdef0123',
      bob: 'fedcba9876543210fedc',
    });
    const secret = 'short-secret';
    for (const raw of [`alice:${secret}`, 'alice', `alice:0123456789abcdef0123,alice:zzzzzzzzzzzzzzzzzzzz`, ',']) {
      let message = '';
      try {
        parseApiKeys(raw);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message, raw).toMatch(/^CAPSTONE_API_KEYS/);
      expect(message).not.toContain('\n');
      expect(message).not.toContain(secret);
    }
  });
});

describe('without keys, each visitor gets a signed session', () => {
  it('issues an HttpOnly, SameSite=Strict cookie that names one user, and ignores x-user-id', async () => {
    const api = await start({ apiKeys: {} });

    const first = await fetch(`${api.url}/v1/session`, { headers: { 'x-user-id': 'alice' } });
    const cookie = first.headers.get('set-cookie') ?? '';
    const again = await fetch(`${api.url}/v1/session`, { headers: { cookie: cookie.split(';')[0] ?? '' } });
    const stranger = await fetch(`${api.url}/v1/session`, { headers: { 'x-user-id': 'alice' } });

    expect(cookie).toMatch(/^capstone_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const me = await first.json();
    expect(me.via).toBe('session');
    expect(me.user).not.toBe('alice');
    expect(await again.json(), 'the cookie brings the same user back').toEqual(me);
    expect((await stranger.json()).user, 'another visitor is another user').not.toBe(me.user);
    expect(again.headers.get('set-cookie'), 'a valid session is not reissued').toBeNull();
  });

  it('refuses a forged or expired cookie: the visitor gets a new session, not the one they claimed', async () => {
    let now = Date.UTC(2025, 0, 6, 10);
    const api = await start({ apiKeys: {}, now: () => now, config: { sessionTtlMs: 3_600_000 } });
    const issued = (await fetch(`${api.url}/v1/session`)).headers.get('set-cookie')?.split(';')[0] ?? '';
    const [name, value] = issued.split('=');
    const [user, expires, signature] = (value ?? '').split('.');
    const me = (await (await fetch(`${api.url}/v1/session`, { headers: { cookie: issued } })).json()).user;

    const forgedUser = `${name}=s-somebody-else.${expires}.${signature}`;
    const forgedExpiry = `${name}=${user}.${Number(expires) + 86_400}.${signature}`;
    for (const cookie of [forgedUser, forgedExpiry]) {
      const reply = await (await fetch(`${api.url}/v1/session`, { headers: { cookie } })).json();
      expect(reply.user).not.toBe('s-somebody-else');
      expect(reply.user).not.toBe(me);
    }
    now += 2 * 3_600_000;
    const expired = await (await fetch(`${api.url}/v1/session`, { headers: { cookie: issued } })).json();
    expect(expired.user, 'an expired session is a new visitor').not.toBe(me);
  });
});

describe('answer ids are the server’s, bound to their asker', () => {
  it('ignores a client’s x-request-id: re-asking with it gives new ids, and a victim’s rating stays theirs', async () => {
    const api = await start();
    const ask = (user: string) =>
      api.post('/v1/ask', { question: QUESTIONS.breaker }, { user, headers: { 'x-request-id': 'victim-answer' } });
    const rate = (user: string, requestId: string) => api.post('/v1/feedback', { requestId, rating: 'down' }, { user });

    const victim = await ask('alice');
    const attempts = await Promise.all([ask('mallory'), ask('mallory'), ask('mallory')]);

    const ids = [victim, ...attempts].map((reply) => reply.body.requestId as string);
    expect(new Set(ids).size, 'every answer has its own id').toBe(4);
    expect(ids).not.toContain('victim-answer');
    expect(ids.every((id) => /^[0-9a-f-]{36}$/.test(id))).toBe(true);
    expect((await rate('mallory', 'victim-answer')).status).toBe(404);
    expect((await rate('mallory', victim.body.requestId)).status, 'only the asker rates').toBe(403);
    expect((await rate('alice', victim.body.requestId)).status).toBe(202);
    expect((await rate('alice', victim.body.requestId)).status, 'once').toBe(409);
    expectMetric(await api.metrics(), 'capstone_feedback_total').toBe(1);
  });
});
