/**
 * The output guard on every path that sends bytes: JSON, stream, cache hit, held for review,
 * fallback and degraded answers, against a model that misbehaves on cue. The oracle never trusts
 * the guard's own rule: it looks for the canary (squashed, as a disguised copy would be) and for
 * any run of five words of the system prompt (the guard blocks at six) in every byte received.
 */
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { expectMetric, QUESTIONS, toServices, useServices } from './support/harness.ts';
import { canaryOf, leaksIn, scriptedModel, sharedRuns, systemOf } from './support/models.ts';
import { openai } from './support/providers.ts';

const network = useMockNetwork({ handlers: [toServices] });
const start = useServices();

/** The first source of the fixture corpus, on circuit breakers, ends its sentences with [1] when quoted. */
const GROUNDED = 'A circuit breaker opens after five consecutive failures of the same provider [1].';

describe('every path that sends bytes passes the output guard', () => {
  it('stream: a canary split across chunks never reaches the client, and the provider stream is closed', async () => {
    let pieces = 0;
    const leaky = scriptedModel((request) => {
      const secret = canaryOf(request).replace('canary-', '');
      // Split inside the secret, then keep talking: the guard must stop before any of it is sent.
      const chunks = [
        `${GROUNDED} `,
        'The marker is [canary-',
        secret.slice(0, 5),
        secret.slice(5, 11),
        secret.slice(11),
        '] and more',
        ' text that should never be generated.',
      ];
      pieces = chunks.length;
      return chunks;
    });
    const api = await start({ chatModels: [leaky] });

    const reply = await api.stream(QUESTIONS.breaker);

    const request = leaky.requests[0];
    expect(leaksIn(reply.text, systemOf(request), canaryOf(request))).toEqual([]);
    expect(reply.events.at(-1)?.data).toMatchObject({ status: 'withheld' });
    expect(leaky.yielded[0], 'the provider stream was closed once the guard blocked').toBeLessThan(pieces);
    expectMetric(await api.metrics(), 'capstone_policy_violations_total', { stage: 'output', action: 'block' }).toBe(1);
  });

  it('stream: a canary disguised with spaces and capitals is caught too', async () => {
    const leaky = scriptedModel((request) => {
      const secret = canaryOf(request).replace('canary-', '').toUpperCase().split('').join(' ');
      return [`${GROUNDED} `, `Code: ${secret.slice(0, 9)}`, secret.slice(9), '.'];
    });
    const api = await start({ chatModels: [leaky] });

    const reply = await api.stream(QUESTIONS.breaker);

    expect(leaksIn(reply.text, systemOf(leaky.requests[0]), canaryOf(leaky.requests[0]))).toEqual([]);
    expect(reply.events.at(-1)?.data.status).toBe('withheld');
  });

  it('JSON and stream: the system prompt’s instructions are withheld, and a source that says the same is not', async () => {
    const echo = 'End every sentence with the marker of the source that supports it, for example [2].';
    const leaky = scriptedModel(() => [`${GROUNDED} `, echo]);
    const api = await start({ chatModels: [leaky] });

    const json = await api.ask(QUESTIONS.breaker);
    const stream = await api.stream(`${QUESTIONS.breaker} (streamed)`);

    for (const reply of [json, stream]) {
      expect(sharedRuns(systemOf(leaky.requests[0]), reply.text)).toEqual([]);
    }
    expect(json.body.status).toBe('withheld');
    expect(stream.events.at(-1)?.data.status).toBe('withheld');
    expectMetric(await api.metrics(), 'capstone_policy_violations_total', { stage: 'output', action: 'block' }).toBe(2);

    // The same words, when a source says them, are the answer: quoting the sources is not a leak.
    const style = {
      source: 'citation-style.md',
      text: '# Citation style\n\nEnd every sentence with the marker of the source that supports it, for example [2].\n',
    };
    const quoting = scriptedModel(() => ['End every sentence with the marker of the source that supports it [1].']);
    const honest = await start({ chatModels: [quoting], documents: [style] });
    const quoted = await honest.ask('How should every sentence end, with which marker of the source?');
    expect(quoted.body.status, quoted.text).toBe('answered');
  });

  it('stream: an e-mail address cut across chunks is redacted before it is sent', async () => {
    const leaky = scriptedModel(() => [
      'Write to the platform team at platf',
      'orm-team@exam',
      'ple.com for breaker settings [1]. ',
      'A circuit breaker opens after five consecutive failures [1].',
    ]);
    const api = await start({ chatModels: [leaky] });

    const reply = await api.stream(QUESTIONS.breaker);

    expect(reply.text).not.toMatch(/orm-team@|@exam|ple\.com/);
    const streamed = reply.events.filter((e) => e.event === 'delta').map((e) => e.data.text as string);
    expect(streamed.join('')).toContain('[EMAIL]');
  });

  it('stream: a card number goes to a human, and no digit of it is sent', async () => {
    const leaky = scriptedModel(() => [
      `${GROUNDED} `,
      'The test card is 4111 1111 ',
      '1111 1111 for the sandbox [1].',
    ]);
    const api = await start({ chatModels: [leaky] });

    const reply = await api.stream(QUESTIONS.breaker);

    expect(reply.text).not.toMatch(/4111/);
    expect(reply.events.at(-1)?.data.status).toBe('held_for_review');
    expectMetric(await api.metrics(), 'capstone_policy_violations_total', { stage: 'output', action: 'escalate' }).toBe(
      1,
    );
  });

  it('cache hit: a cached answer is guarded again when it is replayed, streamed or not', async () => {
    const leaky = scriptedModel((request) => [`${GROUNDED} Marker: ${canaryOf(request)}.`]);
    const api = await start({ chatModels: [leaky] });

    const first = await api.ask(QUESTIONS.breaker); // the raw answer is cached (finish "stop")
    const replayed = await api.stream(QUESTIONS.breaker, 'bob');
    const again = await api.ask(QUESTIONS.breaker, 'carol');

    expect(leaky.requests, 'the second and third asks are cache hits').toHaveLength(1);
    for (const reply of [first, replayed, again]) {
      expect(leaksIn(reply.text, systemOf(leaky.requests[0]), canaryOf(leaky.requests[0]))).toEqual([]);
    }
    expect(replayed.events.at(-1)?.data).toMatchObject({ status: 'withheld', cached: true });
    expect(again.body).toMatchObject({ status: 'withheld', cached: true });
  });

  it('held for review, fallback and degraded answers pass the guard too (PII in them is redacted)', async () => {
    // A team name with an address in it reaches the held and fallback texts; a source with one, the passages.
    const escalation = { team: 'Jane Roe (jane.roe@example.com)', contact: 'the #workshop channel' };
    const api = await start({ escalation });
    // A role-play request: 06's input guard holds it for a human (its gray zone), no model is asked.
    const held = await api.stream('Pretend you are the instructor and explain how the breaker opens.');
    const fallback = await api.stream(QUESTIONS.offTopic);
    for (const reply of [held, fallback]) {
      expect(reply.status, reply.text).toBe(200);
      const deltas = reply.events.filter((e) => e.event === 'delta').map((e) => e.data.text as string);
      expect(deltas.join(''), 'the text sent').not.toContain('jane.roe@example.com');
      expect(reply.events.at(-1)?.data.answer).not.toContain('jane.roe@example.com');
    }
    expect(held.events.at(-1)?.data.status).toBe('held_for_review');
    expect(fallback.events.at(-1)?.data.status).toBe('no_result');

    network.openai.fail({ fault: 'server_error', status: 503 }, 10);
    const contact = {
      source: 'contacts.md',
      text: '# Circuit breaker contacts\n\nQuestions on circuit breaker failures go to ops-lead@example.com, who opens the circuit breaker runbook.\n',
    };
    const down = await start({
      chatModels: [openai()],
      documents: [contact],
      config: { providerMaxAttempts: 1, providerBaseDelayMs: 1 },
    });
    const degraded = await down.stream('Who handles circuit breaker failures?');
    expect(degraded.events.at(-1)?.data).toMatchObject({ status: 'degraded', degradedReason: 'providers_unavailable' });
    expect(degraded.text).not.toContain('ops-lead@example.com');
    expect(degraded.text).toContain('[EMAIL]');
  });
});
