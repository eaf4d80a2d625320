import { ModelOutputError } from '@lab/errors.ts';
import { triageWithModel } from '@lab/model-triage.ts';
import { isProviderError } from '@workshop/llm';
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { emulatedModel, triage, triageJson, wireMessages, wireText } from './support.ts';

const network = useMockNetwork();
const REQUEST = 'The tent poles snapped on the first night and the rain got in; I need this sorted before next weekend';
const NOT_JSON = 'Sure! This looks like a damaged item, high priority, a human should look at it.';
const triageOf = (text = REQUEST) => triageWithModel(emulatedModel(), text);

/** Awaits a rejection and returns the error (fails the test if the promise resolved). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => expect.fail(`expected a rejection, got ${JSON.stringify(value)}`),
    (error: unknown) => error,
  );
}

const usage = (inputTokens: number, outputTokens: number) => ({ inputTokens, outputTokens });
const total = (inputTokens: number, outputTokens: number) => ({
  inputTokens,
  outputTokens,
  totalTokens: inputTokens + outputTokens,
});

describe('DoD-2 the model answer is validated, and an invalid one gets exactly one repair', () => {
  it('returns a valid first answer after one call, with that call’s tokens', async () => {
    network.openai.script({ content: triageJson({ order_id: 'A-1042' }), usage: usage(312, 41) });
    const result = await triageOf();
    expect(result).toEqual({ triage: triage({ order_id: 'A-1042' }), usage: total(312, 41), modelCalls: 1 });
    expect(network.openai.chatRequests).toHaveLength(1);
  });

  it('repairs an answer that is not JSON, telling the model what it said and what was wrong', async () => {
    network.openai.script(
      { content: NOT_JSON, usage: usage(300, 20) },
      { content: triageJson(), usage: usage(420, 38) },
    );
    const result = await triageOf();
    expect(result).toEqual({ triage: triage(), usage: total(720, 58), modelCalls: 2 });
    const repair = wireMessages(network.openai.chatRequests[1]);
    expect(repair.some((m) => wireText(m) === NOT_JSON)).toBe(true);
    expect(repair.at(-1)?.role).toBe('user');
    expect(wireText(repair.at(-1))).toMatch(/JSON/);
  });

  it('repairs an answer that breaks the schema, naming the field to fix', async () => {
    const invalid = triageJson({ priority: 'critical' });
    network.openai.script({ content: invalid }, { content: triageJson({ priority: 'urgent' }) });
    const result = await triageOf();
    expect(result.triage).toEqual(triage({ priority: 'urgent' }));
    const [first, repair] = network.openai.chatRequests.map((body) => wireMessages(body));
    expect(repair?.slice(0, first?.length), 'the repair continues the same conversation').toEqual(first);
    expect(repair?.some((m) => wireText(m) === invalid)).toBe(true);
    expect(wireText(repair?.at(-1))).toContain('priority');
  });
});

describe('DoD-2 still invalid after the repair: a typed error with the bill, and no third call', () => {
  it('throws ModelOutputError with both answers, the last issues and the tokens of both calls', async () => {
    const second = triageJson({ category: 'complaint' });
    network.openai.script(
      { content: NOT_JSON, usage: usage(290, 5) },
      { content: second, usage: usage(330, 7) },
      { content: triageJson() },
    );
    const error = await rejection(triageOf());
    expect(error).toBeInstanceOf(ModelOutputError);
    const failure = error as ModelOutputError;
    expect(failure.rawOutputs).toEqual([NOT_JSON, second]);
    expect(failure.issues.map((issue) => issue.path.join('.'))).toEqual(['category']);
    expect(failure.usage).toEqual(total(620, 12));
    expect(failure.message).toMatch(/category/);
    expect(failure.message).not.toContain('\n');
    expect(network.openai.chatRequests).toHaveLength(2);
  });

  it('lets a 5xx propagate as a ProviderError: a transport failure is not an answer to repair', async () => {
    network.openai.fail({ fault: 'server_error', status: 503 }, 3);
    const error = await rejection(triageOf());
    expect(isProviderError(error), String(error)).toBe(true);
    expect(network.openai.chatRequests).toHaveLength(1);
  });

  it('lets a 5xx during the repair propagate too, without a third call', async () => {
    network.openai.script({ content: NOT_JSON }, { fault: 'server_error', status: 502 }, { content: triageJson() });
    const error = await rejection(triageOf());
    expect(isProviderError(error), String(error)).toBe(true);
    expect(network.openai.chatRequests).toHaveLength(2);
  });
});
