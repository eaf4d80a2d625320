import { type Assertion, checkAssertion, createJudge } from '@lab/index.ts';
import { OpenAIChatModel } from '@workshop/llm';
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';

const network = useMockNetwork();
const JUDGE_URL = 'http://judge.test/v1';

const output = JSON.stringify({
  reply: 'Hi Dana, sorry that order ORD-1042 is late. A colleague will confirm the new delivery date.',
  category: 'shipping',
  escalate: false,
});
const schema = {
  type: 'object',
  required: ['reply', 'category', 'escalate'],
  properties: {
    reply: { type: 'string', minLength: 20 },
    category: { enum: ['shipping', 'billing', 'product', 'other'] },
    escalate: { type: 'boolean' },
  },
};

const check = (assertion: Assertion, text: string) => checkAssertion(assertion, text, { prompt: 'ticket' });

describe('golden-case assertions: contains, regex, JSON schema and a judge rubric', () => {
  it('contains and regex pass on a match and fail with a reason otherwise', async () => {
    expect(await check({ type: 'contains', value: 'ORD-1042', ignoreCase: false }, output)).toMatchObject({
      passed: true,
    });
    const missing = await check({ type: 'contains', value: 'ORD-9999', ignoreCase: false }, output);
    expect(missing.passed).toBe(false);
    expect(missing.detail).toContain('ORD-9999');
    expect((await check({ type: 'contains', value: 'hi dana', ignoreCase: true }, output)).passed).toBe(true);
    expect((await check({ type: 'contains', value: 'hi dana', ignoreCase: false }, output)).passed).toBe(false);

    expect((await check({ type: 'regex', pattern: '"category"\\s*:\\s*"shipping"', flags: '' }, output)).passed).toBe(
      true,
    );
    expect((await check({ type: 'regex', pattern: '"escalate"\\s*:\\s*true', flags: '' }, output)).passed).toBe(false);
    expect((await check({ type: 'regex', pattern: 'SORRY', flags: 'i' }, output)).passed).toBe(true);
  });

  it('json_schema parses the output and validates it, naming the failing field', async () => {
    expect(await check({ type: 'json_schema', schema }, output)).toMatchObject({ passed: true });

    const wrongCategory = await check({ type: 'json_schema', schema }, output.replace('shipping', 'logistics'));
    expect(wrongCategory.passed).toBe(false);
    expect(wrongCategory.detail).toContain('category');

    const notJson = await check({ type: 'json_schema', schema }, 'Sure! Here is your reply: ...');
    expect(notJson.passed).toBe(false);
    expect(notJson.detail).toMatch(/JSON/);
  });

  it('judge asks a model to score against the rubric and passes at minScore', async () => {
    const judgeApi = network.openaiCompatible(JUDGE_URL);
    judgeApi.script(
      { content: JSON.stringify({ score: 2, reason: 'It promises a delivery date.' }) },
      { content: JSON.stringify({ score: 5, reason: 'Apologises; no date promised.' }) },
    );
    const judge = createJudge(new OpenAIChatModel({ baseURL: JUDGE_URL, model: 'judge-model' }));
    const rubric = 'The reply apologises and does not promise a delivery date.';
    const context = { prompt: 'Where is my tent?', judge };

    const low = await checkAssertion({ type: 'judge', rubric, minScore: 4 }, output, context);
    expect(low).toMatchObject({ passed: false, score: 2 });
    expect(low.detail).toContain('promises a delivery date');
    const high = await checkAssertion({ type: 'judge', rubric, minScore: 4 }, output, context);
    expect(high).toMatchObject({ passed: true, score: 5 });

    // The judge saw the rubric and the output it grades.
    const sent = JSON.stringify(judgeApi.chatRequests[0]);
    expect(sent).toContain('does not promise a delivery date');
    expect(sent).toContain('ORD-1042');
  });

  it('a judge that answers nonsense fails the assertion instead of passing it', async () => {
    network.openaiCompatible(JUDGE_URL).script({ content: 'Looks great to me!' });
    const judge = createJudge(new OpenAIChatModel({ baseURL: JUDGE_URL, model: 'judge-model' }));
    const result = await checkAssertion({ type: 'judge', rubric: 'Is polite.', minScore: 3 }, output, {
      prompt: 'x',
      judge,
    });
    expect(result.passed).toBe(false);
    expect(result.detail).toMatch(/judge/);
  });
});
