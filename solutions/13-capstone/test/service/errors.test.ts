import { useMockNetwork } from '@workshop/testkit';
import { MemoryLabelStore } from '@workshop-solutions/05-prompt-engineering';
import { describe, expect, it } from 'vitest';
import { expectMetric, QUESTIONS, toServices, useServices } from '../support/harness.ts';

useMockNetwork({ handlers: [toServices] });
const start = useServices();

/** What a client may see of an error: the code, a message and the request id; nothing from the inside. */
function expectCleanError(body: unknown, code: string) {
  expect(body, 'errors are JSON: { error: { code, message, requestId } }').toMatchObject({
    error: { code, message: expect.any(String), requestId: expect.any(String) },
  });
  const text = JSON.stringify(body);
  expect(text, 'no stack trace may reach the client').not.toMatch(/\bat \S+ \(|\.ts:\d+|node_modules|\/work\//);
}

describe('body limits and errors: JSON with a request id, never a stack trace', () => {
  it('rejects a body over the limit with 413, with the request id the server gave it', async () => {
    const api = await start({ config: { maxBodyBytes: 1024 } });

    const reply = await api.post(
      '/v1/ask',
      { question: 'x'.repeat(5_000) },
      { headers: { 'x-request-id': 'req-chosen-by-the-client' } },
    );

    expect(reply.status).toBe(413);
    expectCleanError(reply.body, 'payload_too_large');
    expect(reply.body.error.requestId, 'the error names the request id of its response').toBe(
      reply.headers.get('x-request-id'),
    );
    expect(reply.body.error.requestId, 'request ids are the server’s, never a client’s header').not.toBe(
      'req-chosen-by-the-client',
    );
  });

  it('rejects malformed JSON and invalid fields with 400 naming the problem', async () => {
    const api = await start();

    const malformed = await api.post('/v1/ask', '{"question": "unterminated');
    const wrong = await api.post('/v1/ask', { question: 42 });

    expect(malformed.status).toBe(400);
    expectCleanError(malformed.body, 'invalid_json');
    expect(wrong.status).toBe(400);
    expectCleanError(wrong.body, 'invalid_request');
    expect(wrong.body.error.message).toContain('question');
  });

  it('answers an internal failure with 500 internal_error, logs the stack server-side, and counts it', async () => {
    const logged: Record<string, unknown>[] = [];
    // An empty label log: the production label resolves to nothing, a deployment bug.
    const api = await start({ labelStore: new MemoryLabelStore(), log: (entry) => logged.push(entry) });

    const reply = await api.ask(QUESTIONS.breaker);

    expect(reply.status).toBe(500);
    expectCleanError(reply.body, 'internal_error');
    expect(reply.body.error.message).not.toContain('label');
    expect(
      logged.some((e) => String(e.stack).includes('label')),
      'the real error is logged server-side',
    ).toBe(true);
    expectMetric(await api.metrics(), 'capstone_errors_total', { code: 'internal_error' }).toBe(1);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const api = await start();

    const reply = await api.get('/v2/nothing');

    expect(reply.status).toBe(404);
    expectCleanError(reply.body, 'not_found');
  });
});
