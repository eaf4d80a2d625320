import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { BREAKER_ANSWER, QUESTIONS, toServices, useServices } from '../support/harness.ts';
import { openai } from '../support/providers.ts';

const network = useMockNetwork({ handlers: [toServices] });
const start = useServices();

describe('answers use the prompt version the production label points at (05)', () => {
  it('renders ask-workshop@1.1.0 (the production label) and reports it with the answer', async () => {
    network.openai.script({ content: BREAKER_ANSWER });
    const api = await start({ chatModels: [openai()] });

    const reply = await api.ask(QUESTIONS.breaker);

    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.prompt, 'the answer must say which prompt version produced it').toMatchObject({
      id: 'ask-workshop',
      version: '1.1.0',
    });
    expect(reply.body.prompt.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('sends the version’s system text and pinned parameters to the provider', async () => {
    network.openai.script({ content: BREAKER_ANSWER });
    const api = await start({ chatModels: [openai()] });

    await api.ask(QUESTIONS.breaker);

    const sent = network.openai.chatRequests[0] as { messages: { role: string; content: string }[] } & Record<
      string,
      unknown
    >;
    expect(sent, 'the provider was not called').toBeDefined();
    const system = sent.messages.find((m) => m.role === 'system')?.content ?? '';
    expect(system, 'the system message must be the 1.1.0 template').toContain('in at most three sentences');
    expect(system, 'the system message must carry the canary (06) for leak detection').toMatch(
      /\[canary-[0-9a-f]{16}\]/,
    );
    expect(sent.temperature).toBe(0);
    expect(sent.max_completion_tokens ?? sent.max_tokens, 'maxOutputTokens pinned by 1.1.0').toBe(200);
    const user = sent.messages.filter((m) => m.role === 'user').map((m) => m.content);
    expect(user.at(-1), 'the last user message is the question').toBe(QUESTIONS.breaker);
    expect(user[0], 'the sources come before the question, delimited').toContain('<sources>');
  });
});
