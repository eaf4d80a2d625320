import { type EvalCase, embeddingSimilarity, llmJudge, promptTarget, runEval } from '@lab/index.ts';
import { hashEmbedding, OpenAIChatModel, OpenAIEmbeddingModel } from '@workshop/llm';
import { useMockNetwork } from '@workshop/testkit';
import { PromptRepository } from '@workshop-solutions/05-prompt-engineering';
import { describe, expect, it } from 'vitest';
import { PROMPTS_DIR } from './helpers.ts';

const network = useMockNetwork();
const JUDGE_URL = 'http://judge.test/v1';

/** Cosine of the emulator's embeddings, computed independently of the code under test. */
function expectedCosine(a: string, b: string, dimensions: number): number {
  const x = hashEmbedding(a, dimensions);
  const y = hashEmbedding(b, dimensions);
  let dot = 0;
  let nx = 0;
  let ny = 0;
  for (let i = 0; i < dimensions; i++) {
    dot += (x[i] ?? 0) * (y[i] ?? 0);
    nx += (x[i] ?? 0) ** 2;
    ny += (y[i] ?? 0) ** 2;
  }
  return dot / Math.sqrt(nx * ny);
}

// Given code (not a checkpoint): runs in the lab's `pnpm test` against the solution.
describe('model-backed scorers (given): embedding similarity and an LLM judge with a rubric', () => {
  it('embedding similarity is the cosine of the two embeddings, from one embedding call', async () => {
    const model = new OpenAIEmbeddingModel({ apiKey: 'test-key', model: 'text-embedding-3-small', dimensions: 256 });
    const reference = 'Your parcel is delayed; a colleague will confirm the delivery date.';
    const close = 'Your parcel is delayed and a colleague will confirm the new delivery date.';
    const far = 'Our stoves are tested for gas leaks at the factory.';
    const scorer = embeddingSimilarity({ model, threshold: 0.6 });
    const c: EvalCase = { id: 'late', input: 'Where is my parcel?', expected: reference };

    const near = await scorer.score({ case: c, output: close });
    expect(near.score).toBeCloseTo(expectedCosine(close, reference, 256), 5);
    expect(near.passed).toBe(near.score >= 0.6);
    expect(near.passed).toBe(true);
    const away = await scorer.score({ case: c, output: far });
    expect(away.score).toBeCloseTo(expectedCosine(far, reference, 256), 5);
    expect(away.passed).toBe(false);
    expect(network.openai.embeddingRequests).toHaveLength(2);
    expect(network.openai.embeddingRequests[0]?.input).toEqual([close, reference]);
  });

  it('a judge on its own endpoint grades the target output against the rubric, 1–5 normalised to 0..1', async () => {
    const judgeApi = network.openaiCompatible(JUDGE_URL);
    const repo = await PromptRepository.load(PROMPTS_DIR);
    const prompt = repo.get('support-reply', '1.0.0');
    network.openai.script(
      {
        content:
          '{"reply":"Hi Dana, sorry ORD-1042 is late. A colleague will confirm.","category":"shipping","escalate":false}',
      },
      { content: '{"reply":"Hi Luis, refund is on its way tomorrow!","category":"billing","escalate":false}' },
    );
    judgeApi.script(
      { content: JSON.stringify({ score: 5, reason: 'Apologises and promises nothing.' }) },
      { content: JSON.stringify({ score: 2, reason: 'It promises a refund date.' }) },
    );
    const rubric = 'The reply apologises and promises no refund or delivery date.';
    const run = await runEval({
      cases: [
        { id: 'late', input: { customer_name: 'Dana', order_id: 'ORD-1042', ticket: 'Where is my tent?' } },
        { id: 'refund', input: { customer_name: 'Luis', order_id: 'ORD-2210', ticket: 'Charged twice!' } },
      ],
      concurrency: 1,
      target: promptTarget({ prompt, model: new OpenAIChatModel({ apiKey: 'test-key', model: prompt.model }) }),
      scorers: [
        llmJudge({ judge: new OpenAIChatModel({ baseURL: JUDGE_URL, model: 'judge-model' }), rubric, minScore: 4 }),
      ],
    });

    const [late, refund] = run.cases.map((c) => c.trials[0]?.scores.judge);
    expect(late).toMatchObject({ score: 1, passed: true });
    expect(refund).toMatchObject({ score: 0.25, passed: false });
    expect(refund?.detail).toContain('promises a refund date');
    // Target and judge are separate models on separate endpoints; the judge saw rubric and output.
    expect(network.openai.chatRequests).toHaveLength(2);
    expect(judgeApi.chatRequests).toHaveLength(2);
    const judged = JSON.stringify(judgeApi.chatRequests[1]);
    expect(judged).toContain('promises no refund');
    expect(judged).toContain('refund is on its way tomorrow');
    expect(judgeApi.chatRequests[0]?.model).toBe('judge-model');
  });

  it('a judge that answers nonsense fails the score (fail closed) instead of passing it', async () => {
    const judgeApi = network.openaiCompatible(JUDGE_URL);
    judgeApi.script({ content: 'Looks great to me!' });
    const run = await runEval({
      cases: [{ id: 'x', input: 'question' }],
      target: async () => 'an answer',
      scorers: [
        llmJudge({ judge: new OpenAIChatModel({ baseURL: JUDGE_URL, model: 'judge-model' }), rubric: 'Be right.' }),
      ],
    });
    const trial = run.cases[0]?.trials[0];
    expect(trial?.passed).toBe(false);
    expect(trial?.scores.judge).toMatchObject({ passed: false, score: 0 });
    expect(trial?.scores.judge?.detail).toMatch(/judge/);
  });
});
