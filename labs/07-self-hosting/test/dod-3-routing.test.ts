import { SelfHostedUnavailableError } from '@lab/errors.ts';
import { createSensitivityRouter } from '@lab/router.ts';
import type { RoutedRequest } from '@lab/types.ts';
import { isProviderError } from '@workshop/llm';
import { type Fault, useMockNetwork } from '@workshop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hosted, ollama, vllm, vllmServer, wireDump } from './support.ts';

const network = useMockNetwork();
const bothSelfHosted = () => createSensitivityRouter({ selfHosted: [ollama(), vllm()], hosted: hosted() });

const SECRET = 'Project Nightjar acquisition price is 41 million';
const confidential: RoutedRequest = { messages: [{ role: 'user', content: SECRET }], tags: ['confidential'] };
const withPII: RoutedRequest = { messages: [{ role: 'user', content: 'Write to jane.doe@example.com: delay' }] };
const publicRequest: RoutedRequest = { messages: [{ role: 'user', content: 'Explain what a GPU is' }], tags: ['faq'] };

const failure = (promise: Promise<unknown>) =>
  promise.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value).slice(0, 200)}`);
    },
    (error: unknown) => error,
  );

describe('DoD-3 the same router runs on Ollama and on vLLM', () => {
  it('a confidential request is answered by Ollama when it is up, and reaches nothing else', async () => {
    const server = vllmServer(network);
    network.ollama.script({ content: 'Summary: confidential deal.' });
    const result = await bothSelfHosted().generate(confidential);
    expect(result).toMatchObject({ route: 'self-hosted', fellBack: false });
    expect(result.response.text).toBe('Summary: confidential deal.');
    expect(result.sensitivity).toEqual({ level: 'confidential', reasons: ['tag:confidential'] });
    expect(wireDump(network.ollama.requests)).toContain(SECRET);
    expect(server.requests).toHaveLength(0);
    expect(network.openai.requests).toHaveLength(0);
  });

  it('with vLLM as the only self-hosted model (the OpenAI adapter, no key), a confidential request stays on it', async () => {
    const server = vllmServer(network);
    server.script({ content: 'Served by vLLM.' });
    const router = createSensitivityRouter({ selfHosted: [vllm()], hosted: hosted() });
    const result = await router.generate(confidential);
    expect(result).toMatchObject({ route: 'self-hosted', fellBack: false });
    expect(result.response.text).toBe('Served by vLLM.');
    expect(wireDump(server.requests)).toContain(SECRET);
    expect(server.chatRequests[0]?.model).toBe('meta-llama/Llama-3.1-8B-Instruct');
    expect(network.openai.requests).toHaveLength(0);
  });

  it('when Ollama is down, a confidential request goes to vLLM, never to the hosted API', async () => {
    const server = vllmServer(network);
    network.ollama.fail({ fault: 'network_error' }, 3);
    server.script({ content: 'vLLM took over.' });
    const result = await bothSelfHosted().generate(confidential);
    expect(result).toMatchObject({ route: 'self-hosted', fellBack: true });
    expect(result.response.text).toBe('vLLM took over.');
    expect(network.openai.requests).toHaveLength(0);
  });
});

describe('DoD-3 when the self-hosted models are down, confidential requests fail closed and the rest fall back', () => {
  it.each([
    ['network_error', { fault: 'network_error' } as Fault],
    ['a 503', { fault: 'server_error', status: 503 } as Fault],
  ])(
    'with both down (%s), a confidential request fails with SelfHostedUnavailableError and reaches no hosted API',
    async (_, fault) => {
      const server = vllmServer(network);
      network.ollama.fail(fault, 3);
      server.fail(fault, 3);
      const error = await failure(bothSelfHosted().generate(confidential));
      expect(error).toBeInstanceOf(SelfHostedUnavailableError);
      expect((error as SelfHostedUnavailableError).reasons).toEqual(['tag:confidential']);
      expect((error as Error).message).toMatch(/confidential/i);
      expect(isProviderError((error as Error).cause), 'cause is a ProviderError of a self-hosted model').toBe(true);
      expect(network.openai.requests).toHaveLength(0);
    },
  );

  it('a request with personal data and no tag fails closed too', async () => {
    network.ollama.fail({ fault: 'network_error' }, 3);
    const router = createSensitivityRouter({ selfHosted: [ollama()], hosted: hosted() });
    const error = await failure(router.generate(withPII));
    expect(error).toBeInstanceOf(SelfHostedUnavailableError);
    expect((error as SelfHostedUnavailableError).reasons).toEqual(['pii:EMAIL']);
    expect(wireDump(network.openai.requests)).not.toContain('jane.doe@example.com');
  });

  it('a public request is served self-hosted when it can be, and falls back to the hosted model once when not', async () => {
    const up = await bothSelfHosted().generate(publicRequest);
    expect(up).toMatchObject({ route: 'self-hosted', fellBack: false });
    expect(network.openai.requests).toHaveLength(0);

    const server = vllmServer(network);
    network.ollama.fail({ fault: 'network_error' }, 3);
    server.fail({ fault: 'server_error', status: 503 }, 3);
    network.openai.script({ content: 'A GPU is a graphics processor.' });
    const down = await bothSelfHosted().generate(publicRequest);
    expect(down).toMatchObject({ route: 'hosted', fellBack: true });
    expect(down.response.text).toBe('A GPU is a graphics processor.');
    expect(network.openai.chatRequests).toHaveLength(1);
  });

  it('a self-hosted call that times out counts as an outage', async () => {
    network.ollama.fail({ fault: 'timeout' });
    const router = createSensitivityRouter({ selfHosted: [ollama(20)], hosted: hosted() });
    const result = await router.generate(publicRequest);
    expect(result.route).toBe('hosted');
    expect(network.openai.chatRequests).toHaveLength(1);
  });

  it('a misconfiguration (the model is not pulled) is surfaced: no other model is tried', async () => {
    const server = vllmServer(network);
    network.ollama.pulled = [];
    const error = await failure(bothSelfHosted().generate(publicRequest));
    expect(isProviderError(error), String(error)).toBe(true);
    expect(server.requests).toHaveLength(0);
    expect(network.openai.requests).toHaveLength(0);
  });
});

describe('DoD-3 property: whatever fails, confidential data never reaches the hosted API', () => {
  const outcome = fc.constantFrom<'up' | Fault>(
    'up',
    { fault: 'network_error' },
    { fault: 'server_error', status: 500 },
    { fault: 'server_error', status: 503 },
    { fault: 'rate_limit', retryAfterSeconds: 1 },
  );
  it('for any mix of self-hosted outages, confidential requests stay home and public ones reach the hosted API only when all are down', async () => {
    const server = vllmServer(network);
    await fc.assert(
      fc.asyncProperty(outcome, outcome, fc.boolean(), async (ollamaState, vllmState, secret) => {
        network.ollama.reset();
        server.reset();
        network.openai.reset();
        if (ollamaState !== 'up') network.ollama.fail(ollamaState, 3);
        if (vllmState !== 'up') server.fail(vllmState, 3);
        const request = secret ? confidential : publicRequest;
        const allDown = ollamaState !== 'up' && vllmState !== 'up';
        const result = await bothSelfHosted()
          .generate(request)
          .catch((error: unknown) => error);
        expect(wireDump(network.openai.requests)).not.toContain(SECRET);
        if (secret && allDown) expect(result).toBeInstanceOf(SelfHostedUnavailableError);
        else expect(result, String(result)).toMatchObject({ route: allDown ? 'hosted' : 'self-hosted' });
        expect(network.openai.chatRequests).toHaveLength(!secret && allDown ? 1 : 0);
      }),
      { numRuns: 12 },
    );
  });
});
