import { SelfHostedUnavailableError } from '@lab/errors.ts';
import { createSensitivityRouter } from '@lab/router.ts';
import type { RoutedRequest } from '@lab/types.ts';
import { isProviderError } from '@workshop/llm';
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { hostedModel, selfHostedModel, wireDump } from './support.ts';

const network = useMockNetwork();
const router = () => createSensitivityRouter({ selfHosted: selfHostedModel(), hosted: hostedModel() });

const SECRET = 'Project Nightjar acquisition price is 41 million';
const confidential: RoutedRequest = { messages: [{ role: 'user', content: SECRET }], tags: ['confidential'] };
const withPII: RoutedRequest = { messages: [{ role: 'user', content: 'Write to jane.doe@example.com: delay' }] };
const publicRequest: RoutedRequest = { messages: [{ role: 'user', content: 'Explain what a GPU is' }], tags: ['faq'] };

describe('DoD-3 routing: when Ollama is up, every request is served self-hosted', () => {
  it('a confidential request reaches Ollama and never the hosted API', async () => {
    network.ollama.script({ content: 'Summary: confidential deal.' });
    const result = await router().generate(confidential);
    expect(result.route).toBe('self-hosted');
    expect(result.fellBack).toBe(false);
    expect(result.response.text).toBe('Summary: confidential deal.');
    expect(result.sensitivity).toEqual({ level: 'confidential', reasons: ['tag:confidential'] });
    expect(wireDump(network.ollama.requests)).toContain(SECRET);
    expect(network.openai.requests).toHaveLength(0);
  });

  it('a public request is served self-hosted too (the GPU is already paid for)', async () => {
    const result = await router().generate(publicRequest);
    expect(result.route).toBe('self-hosted');
    expect(result.sensitivity.level).toBe('public');
    expect(network.ollama.chatRequests).toHaveLength(1);
    expect(network.openai.requests).toHaveLength(0);
  });

  it('classification tags are not sent to the model', async () => {
    await router().generate(confidential);
    expect(wireDump(network.ollama.requests)).not.toMatch(/"tags"/);
  });
});

describe('DoD-3 routing: when Ollama is down, confidential requests fail closed and the rest fall back', () => {
  it.each([
    ['network_error', { fault: 'network_error' as const }],
    ['server_error', { fault: 'server_error' as const, status: 503 }],
  ])(
    'a confidential request fails with SelfHostedUnavailableError on %s, and the hosted API never sees it',
    async (_, fault) => {
      network.ollama.fail(fault, 3);
      const error = await router()
        .generate(confidential)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SelfHostedUnavailableError);
      expect((error as SelfHostedUnavailableError).reasons).toEqual(['tag:confidential']);
      expect((error as Error).message).toMatch(/confidential/i);
      expect(isProviderError((error as Error).cause), 'cause is the ProviderError from Ollama').toBe(true);
      expect(network.openai.chatRequests).toHaveLength(0);
      expect(wireDump(network.openai.requests)).not.toContain(SECRET);
    },
  );

  it('a request with personal data and no tag fails closed too', async () => {
    network.ollama.fail({ fault: 'network_error' }, 3);
    const error = await router()
      .generate(withPII)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SelfHostedUnavailableError);
    expect((error as SelfHostedUnavailableError).reasons).toEqual(['pii:EMAIL']);
    expect(wireDump(network.openai.requests)).not.toContain('jane.doe@example.com');
  });

  it('a public request falls back to the hosted model, once, and says so', async () => {
    network.ollama.fail({ fault: 'network_error' }, 3);
    network.openai.script({ content: 'A GPU is a graphics processor.' });
    const result = await router().generate(publicRequest);
    expect(result.route).toBe('hosted');
    expect(result.fellBack).toBe(true);
    expect(result.response.text).toBe('A GPU is a graphics processor.');
    expect(result.response.provider).toBe('openai');
    expect(network.openai.chatRequests).toHaveLength(1);
    expect(wireDump(network.openai.requests)).toContain('Explain what a GPU is');
  });

  it('a public request whose self-hosted call times out falls back as well', async () => {
    network.ollama.fail({ fault: 'timeout' });
    const impatient = createSensitivityRouter({ selfHosted: selfHostedModel(100), hosted: hostedModel() });
    const result = await impatient.generate(publicRequest);
    expect(result.route).toBe('hosted');
    expect(network.openai.chatRequests).toHaveLength(1);
  });

  it('a request error that is not an outage (model not pulled) is surfaced, not hidden by a fallback', async () => {
    network.ollama.pulled = [];
    const error = await router()
      .generate(publicRequest)
      .catch((e: unknown) => e);
    expect(isProviderError(error), String(error)).toBe(true);
    expect(network.openai.requests).toHaveLength(0);
  });
});
