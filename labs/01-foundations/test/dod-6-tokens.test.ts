import { ModelOutputError } from '@lab/errors.ts';
import { createSupportDesk } from '@lab/handler.ts';
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { emulatedModel, triageJson } from './support.ts';

const network = useMockNetwork();
const desk = () => createSupportDesk({ model: emulatedModel() });
const REQUEST = 'My jacket zip broke after two days and I was charged twice for it, which is not acceptable';

describe('DoD-6 tokens are counted per request', () => {
  it('costs zero tokens and zero model calls on the deterministic path', async () => {
    const result = await desk().handle('convert 30 EUR to USD');
    expect(result.usage).toEqual({ inputTokens: 0, outputTokens: 0, totalTokens: 0 });
    expect(result.modelCalls).toBe(0);
  });

  it('reports the usage of the one model call', async () => {
    network.openai.script({ content: triageJson(), usage: { inputTokens: 312, outputTokens: 41 } });
    const result = await desk().handle(REQUEST);
    expect(result.usage).toEqual({ inputTokens: 312, outputTokens: 41, totalTokens: 353 });
    expect(result.modelCalls).toBe(1);
  });

  it('adds the repair call to the bill', async () => {
    network.openai.script(
      { content: triageJson({ priority: 'P0' }), usage: { inputTokens: 300, outputTokens: 40 } },
      { content: triageJson(), usage: { inputTokens: 420, outputTokens: 38 } },
    );
    const result = await desk().handle(REQUEST);
    expect(result.usage).toEqual({ inputTokens: 720, outputTokens: 78, totalTokens: 798 });
    expect(result.modelCalls).toBe(2);
  });

  it('bills a failed request too: the typed error carries the tokens it spent', async () => {
    network.openai.script(
      { content: 'not json', usage: { inputTokens: 290, outputTokens: 5 } },
      { content: 'still not json', usage: { inputTokens: 330, outputTokens: 7 } },
    );
    const error = await desk()
      .handle(REQUEST)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelOutputError);
    expect((error as ModelOutputError).usage).toEqual({ inputTokens: 620, outputTokens: 12, totalTokens: 632 });
  });

  it('counts each request on its own, not a running total', async () => {
    const shared = desk();
    network.openai.script(
      { content: triageJson(), usage: { inputTokens: 100, outputTokens: 20 } },
      { content: triageJson(), usage: { inputTokens: 200, outputTokens: 30 } },
    );
    const first = await shared.handle(REQUEST);
    const deterministic = await shared.handle('Where is order A-1042?');
    const second = await shared.handle(`${REQUEST}, again`);
    expect(first.usage.totalTokens).toBe(120);
    expect(deterministic.usage.totalTokens).toBe(0);
    expect(second.usage).toEqual({ inputTokens: 200, outputTokens: 30, totalTokens: 230 });
  });
});
