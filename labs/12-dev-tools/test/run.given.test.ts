import { caseSchema, type EvalCase, loadDataset, promptTarget, runEval, type Scorer } from '@lab/index.ts';
import { OpenAIChatModel } from '@workshop/llm';
import { useMockNetwork } from '@workshop/testkit';
import { PromptRepository } from '@workshop-solutions/05-prompt-engineering';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PROMPTS_DIR, SUPPORT_DATASET, steppingClock } from './helpers.ts';

const network = useMockNetwork();

/** Passes when the output is the case's expected text. */
const equalsExpected: Scorer = {
  name: 'equals',
  async score({ case: c, output }) {
    const passed = output === c.expected;
    return { score: passed ? 1 : 0, passed, detail: passed ? '' : `got ${output}` };
  },
};

const cases: EvalCase<number, string>[] = Array.from({ length: 6 }, (_, i) => ({
  id: `c${i}`,
  input: i,
  expected: `answer ${i}`,
}));

/** Yields to the event loop `n` times (no timers: completion order without timing). */
async function ticks(n: number) {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

// Given code (not a checkpoint): runs in the lab's `pnpm test` against the solution.
describe('runner (given): a concurrency limit, every result kept, lab 05 prompts reused', () => {
  it('never has more calls in flight than the limit, and returns results in dataset order', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const run = await runEval({
      cases,
      concurrency: 2,
      scorers: [equalsExpected],
      target: async (i) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await ticks(12 - 2 * i); // later cases finish first
        inFlight--;
        return `answer ${i}`;
      },
    });
    expect(maxInFlight).toBe(2);
    expect(run.cases.map((c) => c.id)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5']);
    expect(run.cases.map((c) => c.trials[0]?.output)).toEqual(cases.map((c) => c.expected));
    expect(run.cases.every((c) => c.passedTrials === 1 && c.trials[0]?.scores.equals?.passed)).toBe(true);
  });

  it('a target that throws fails that trial with its message; the other cases still run', async () => {
    const run = await runEval({
      cases,
      concurrency: 3,
      scorers: [equalsExpected],
      target: async (i) => {
        if (i === 2) throw new Error('upstream 503');
        return i === 4 ? 'wrong' : `answer ${i}`;
      },
    });
    const [c0, , c2, , c4] = run.cases;
    expect(run.cases).toHaveLength(6);
    expect(c2?.trials[0]).toMatchObject({ error: 'upstream 503', passed: false, output: '' });
    expect(c2?.trials[0]?.scores.equals).toMatchObject({ passed: false, score: 0 });
    expect(c2?.trials[0]?.scores.equals?.detail).toContain('upstream 503');
    expect(c4?.trials[0]).toMatchObject({ passed: false, output: 'wrong' });
    expect(c0?.trials[0]).toMatchObject({ passed: true });
    expect(run.cases.map((c) => c.passedTrials)).toEqual([1, 1, 0, 1, 0, 1]);
  });

  it('repeats each case `trials` times and counts the passing trials', async () => {
    const run = await runEval({
      cases: cases.slice(0, 3),
      trials: 4,
      concurrency: 1,
      now: steppingClock(),
      scorers: [equalsExpected],
      // Case i answers correctly on its first i trials only.
      target: async (i, { trial }) => (trial < i ? `answer ${i}` : 'nope'),
    });
    expect(run.trials).toBe(4);
    expect(run.cases.map((c) => c.trials.map((t) => t.trial))).toEqual([
      [0, 1, 2, 3],
      [0, 1, 2, 3],
      [0, 1, 2, 3],
    ]);
    expect(run.cases.map((c) => c.passedTrials)).toEqual([0, 1, 2]);
    // Latency is measured around each target call with the injected clock.
    expect(run.cases.flatMap((c) => c.trials.map((t) => t.latencyMs))).toEqual(Array(12).fill(10));
    await expect(runEval({ cases, scorers: [equalsExpected], target: async () => '', concurrency: 0 })).rejects.toThrow(
      /concurrency/,
    );
  });

  it('a lab 05 prompt version runs on the real OpenAI client, traced to its version and hash', async () => {
    const repo = await PromptRepository.load(PROMPTS_DIR);
    const prompt = repo.get('support-reply', '1.1.0');
    const dataset = await loadDataset(
      SUPPORT_DATASET,
      caseSchema(z.object({ customer_name: z.string(), order_id: z.string(), ticket: z.string() }), z.string()),
    );
    const replies = dataset.map((c) => ({
      content: JSON.stringify({ reply: `Hi ${c.input.customer_name}`, category: c.expected, escalate: false }),
      usage: { inputTokens: 100, outputTokens: 20 },
    }));
    network.openai.script(...replies);
    const model = new OpenAIChatModel({ apiKey: 'test-key', model: prompt.model });
    const categoryMatches: Scorer<unknown, string> = {
      name: 'category',
      async score({ case: c, output }) {
        const passed = JSON.parse(output).category === c.expected;
        return { score: passed ? 1 : 0, passed, detail: '' };
      },
    };

    const run = await runEval({
      cases: dataset,
      concurrency: 1,
      target: promptTarget({ prompt, model }),
      scorers: [categoryMatches],
    });

    expect(network.openai.chatRequests).toHaveLength(4);
    const first = network.openai.chatRequests[0] as { messages: { content: string }[]; temperature: number };
    expect(JSON.stringify(first.messages)).toContain('Customer: Dana');
    expect(JSON.stringify(first.messages)).toContain('still not here');
    expect(first.temperature).toBe(0.2);
    const trial = run.cases[0]?.trials[0];
    expect(trial?.output).toBe(replies[0]?.content);
    expect(trial?.meta).toMatchObject({ prompt: 'support-reply@1.1.0', hash: prompt.hash });
    expect(trial?.usage).toMatchObject({ inputTokens: 100, outputTokens: 20 });
    expect(trial?.costUsd).toBeGreaterThan(0);
    expect(run.cases.map((c) => c.passedTrials)).toEqual([1, 1, 1, 1]);
  });

  it('a case whose input does not fit the prompt fails with the variable problem, before any model call', async () => {
    const repo = await PromptRepository.load(PROMPTS_DIR);
    const target = promptTarget({
      prompt: repo.get('support-reply', '1.1.0'),
      model: new OpenAIChatModel({ apiKey: 'test-key', model: 'gpt-4o-mini' }),
    });
    const run = await runEval({
      cases: [{ id: 'no-name', input: { order_id: 'ORD-1', ticket: 'hi' } }],
      target,
      scorers: [equalsExpected],
    });
    expect(run.cases[0]?.trials[0]?.error).toMatch(/missing variable "customer_name"/);
    expect(network.openai.chatRequests).toHaveLength(0);
  });
});
