import { compareProviders } from '@lab/portability.ts';
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { ollama, openai, question } from './support/providers.ts';

const network = useMockNetwork();

const answer = 'Open Settings, choose Security, then Reset password.';

describe('the same request runs through both real clients with comparable results', () => {
  it('sends one ChatRequest through OpenAI and Ollama and returns normalised rows', async () => {
    network.openai.script({ content: answer, usage: { inputTokens: 31, outputTokens: 12 } });
    network.ollama.script({ content: answer, usage: { inputTokens: 29, outputTokens: 11 } });

    const rows = await compareProviders([openai(), ollama()], question);

    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      ok: true,
      provider: 'openai',
      model: expect.stringContaining('gpt-4o-mini'),
      text: answer,
      finishReason: 'stop',
      usage: { inputTokens: 31, outputTokens: 12, totalTokens: 43 },
      priced: true,
    });
    expect(rows[1]).toMatchObject({
      ok: true,
      provider: 'ollama',
      model: expect.stringContaining('llama3.2'),
      text: answer,
      finishReason: 'stop',
      usage: { inputTokens: 29, outputTokens: 11, totalTokens: 40 },
    });
    const [hosted, local] = rows;
    if (!hosted?.ok || !local?.ok) throw new Error('both providers should have answered');
    expect(hosted.costUsd).toBeGreaterThan(0);
    expect(hosted.costUsd).toBeGreaterThan(local.costUsd);
    expect(hosted.latencyMs).toBeGreaterThanOrEqual(0);

    // The same prompt reached both vendors, each in its own wire format.
    const sent = question.messages.map((m) => ({ role: m.role, content: m.content }));
    expect(network.openai.chatRequests[0]).toMatchObject({ model: 'gpt-4o-mini', messages: sent, temperature: 0 });
    expect(network.ollama.chatRequests[0]).toMatchObject({
      model: 'llama3.2',
      messages: sent,
      options: { temperature: 0 },
    });
  });

  it('reports a failing provider as a row with its error kind, and still runs the others', async () => {
    const rows = await compareProviders([ollama('mistral-nemo'), openai()], question);

    expect(rows[0]).toMatchObject({
      ok: false,
      provider: 'ollama',
      model: 'mistral-nemo',
      errorKind: 'invalid_request',
    });
    expect(rows[0]?.ok === false && rows[0].error).toContain('mistral-nemo');
    expect(rows[1]).toMatchObject({ ok: true, provider: 'openai', text: 'How do I reset my password?' });
    expect(network.openai.requests).toHaveLength(1);
  });
});
