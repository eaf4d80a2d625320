import { ModelOutputError } from '@lab/errors.ts';
import { createSupportDesk } from '@lab/handler.ts';
import { isProviderError } from '@workshop/llm';
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { emulatedModel, triage, triageJson, wireMessages, wireText } from './support.ts';

const network = useMockNetwork();
const desk = () => createSupportDesk({ model: emulatedModel() });
const REQUEST =
  'Hello, the tent poles snapped on the first night and the rain got in; I need this sorted before next weekend';
const NOT_JSON = 'Sure! This looks like a damaged item, high priority, a human should look at it.';

/** Awaits a rejection and returns the error (fails the test if it resolved). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

describe('DoD-5 invalid output gets exactly one repair attempt', () => {
  it('repairs output that is not JSON', async () => {
    network.openai.script({ content: NOT_JSON }, { content: triageJson() });
    const result = await desk().handle(REQUEST);
    expect(result).toMatchObject({ route: 'model', triage: triage() });
    expect(network.openai.chatRequests).toHaveLength(2);
  });

  it('repairs output that violates the schema', async () => {
    network.openai.script(
      { content: triageJson({ priority: 'critical' }) },
      { content: triageJson({ priority: 'urgent' }) },
    );
    const result = await desk().handle(REQUEST);
    expect(result).toMatchObject({ route: 'model', triage: triage({ priority: 'urgent' }) });
    expect(network.openai.chatRequests).toHaveLength(2);
  });

  it('shows the model its own invalid answer and the validation problem', async () => {
    const invalid = triageJson({ priority: 'critical' });
    network.openai.script({ content: invalid }, { content: triageJson() });
    await desk().handle(REQUEST);
    const [first, repair] = network.openai.chatRequests.map((body) => wireMessages(body));
    // The repair continues the conversation: same system prompt and request, then the bad answer.
    expect(repair?.slice(0, first?.length)).toEqual(first);
    expect(repair?.some((m) => m.role === 'assistant' && wireText(m) === invalid)).toBe(true);
    const last = repair?.at(-1);
    expect(last?.role).toBe('user');
    expect(wireText(last)).toContain('priority');
  });

  it('tells the model when its answer was not JSON at all', async () => {
    network.openai.script({ content: NOT_JSON }, { content: triageJson() });
    await desk().handle(REQUEST);
    const repair = wireMessages(network.openai.chatRequests[1]);
    expect(wireText(repair.at(-1))).toMatch(/JSON/);
  });
});

describe('DoD-5 still invalid after the repair: a typed error, and no third call', () => {
  it('throws ModelOutputError carrying the raw outputs and the zod issues', async () => {
    const second = triageJson({ category: 'complaint' });
    network.openai.script({ content: NOT_JSON }, { content: second });
    const error = await rejection(desk().handle(REQUEST));
    expect(error).toBeInstanceOf(ModelOutputError);
    const failure = error as ModelOutputError;
    expect(failure.rawOutputs).toEqual([NOT_JSON, second]);
    expect(failure.attempts).toBe(2);
    expect(failure.issues.map((issue) => issue.path.join('.'))).toEqual(['category']);
    expect(failure.message).toMatch(/category/);
    expect(network.openai.chatRequests).toHaveLength(2);
  });

  it('gives up after two answers that are not JSON', async () => {
    network.openai.script(
      { content: NOT_JSON },
      { content: 'I am sorry, I cannot produce JSON.' },
      { content: triageJson() },
    );
    const error = await rejection(desk().handle(REQUEST));
    expect(error).toBeInstanceOf(ModelOutputError);
    expect((error as ModelOutputError).issues).toEqual([]);
    expect(network.openai.chatRequests).toHaveLength(2);
  });

  it('does not "repair" provider failures: a 5xx surfaces as a ProviderError after one call', async () => {
    network.openai.fail({ fault: 'server_error', status: 503 }, 3);
    const error = await rejection(desk().handle(REQUEST));
    expect(isProviderError(error), String(error)).toBe(true);
    expect(error).not.toBeInstanceOf(ModelOutputError);
    expect(network.openai.chatRequests).toHaveLength(1);
  });
});
