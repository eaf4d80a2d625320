import {
  assertNoRegressions,
  checkCandidate,
  createJudge,
  formatReport,
  loadGoldenFile,
  PromptRepository,
  RegressionError,
} from '@lab/index.ts';
import { OpenAIChatModel } from '@workshop/llm';
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { copyPrompts, GOLDEN_FILE } from './helpers.ts';

const network = useMockNetwork();
const JUDGE_URL = 'http://judge.test/v1';

/** A model answer in the support-reply JSON format. */
const answer = (reply: string, category: string, escalate: boolean) => ({
  content: JSON.stringify({ reply, category, escalate }),
});

// The golden file's cases, in order: late-delivery, double-charge, stove-safety.
const goodBaseline = [
  answer('Hi Dana, sorry that ORD-1042 is late; a colleague will confirm the date.', 'shipping', false),
  answer('Hi Priya, sorry about the double charge on ORD-2210; billing will look into it.', 'billing', false),
  answer('Hi Tom, please stop using the stove from ORD-3307; we are looking into it.', 'product', false),
];

/** A repository copy with `production` on 1.0.0, the golden cases, and models on the emulator. */
async function setup() {
  const repo = await PromptRepository.load(await copyPrompts());
  await repo.moveLabel('support-reply', 'production', '1.0.0');
  const golden = await loadGoldenFile(GOLDEN_FILE);
  const model = new OpenAIChatModel({ apiKey: 'test-key', model: 'gpt-4o-mini' });
  const judge = createJudge(new OpenAIChatModel({ baseURL: JUDGE_URL, model: 'judge-model' }));
  return { repo, cases: golden.cases, options: { model, judge } };
}

/** Judge verdicts for late-delivery: the baseline's, then the candidate's. */
function scriptJudge(baseline: number, candidate: number) {
  network
    .openaiCompatible(JUDGE_URL)
    .script(
      { content: JSON.stringify({ score: baseline, reason: 'baseline verdict' }) },
      { content: JSON.stringify({ score: candidate, reason: 'candidate verdict' }) },
    );
}

describe('DoD-5 a candidate is compared with the production baseline and fails on any regression', () => {
  it('reports the cases that got worse (and better) and the check fails', async () => {
    const { repo, cases, options } = await setup();
    network.openai.script(
      ...goodBaseline,
      // Candidate: forgets the order id on late-delivery, but now escalates the gas leak.
      answer('Hi Dana, sorry your tent is late; a colleague will confirm the date.', 'shipping', false),
      answer('Hi Priya, sorry about the double charge on ORD-2210; billing will look into it.', 'billing', false),
      answer('Hi Tom, please stop using the stove from ORD-3307; a specialist will call you.', 'product', true),
    );
    scriptJudge(5, 5);

    const report = await checkCandidate(repo, 'support-reply', '1.1.0', cases, options);

    expect(report.baseline.version).toBe('1.0.0');
    expect(report.candidate.version).toBe('1.1.0');
    expect(report.passed).toBe(false);
    expect(report.regressions).toEqual([
      {
        caseId: 'late-delivery',
        worse: [{ name: expect.stringContaining('ORD-1042'), detail: expect.any(String) }],
        better: [],
      },
    ]);
    expect(report.improvements.map((c) => c.caseId)).toEqual(['stove-safety']);
    expect(report.unchanged).toEqual(['double-charge']);

    expect(() => assertNoRegressions(report)).toThrow(RegressionError);
    expect(() => assertNoRegressions(report)).toThrow(/late-delivery/);
    expect(formatReport(report)).toContain('late-delivery');

    // Baseline ran the production version, the candidate its own: the escalation rule is only in 1.1.0.
    const systems = network.openai.chatRequests.map((body) => JSON.stringify(body));
    expect(systems).toHaveLength(6);
    expect(systems.slice(0, 3).every((s) => !s.includes('chargeback'))).toBe(true);
    expect(systems.slice(3).every((s) => s.includes('chargeback'))).toBe(true);
  });

  it('a lower judge score is a regression when it falls below minScore', async () => {
    const { repo, cases, options } = await setup();
    network.openai.script(...goodBaseline, ...goodBaseline);
    scriptJudge(5, 3);

    const report = await checkCandidate(repo, 'support-reply', '1.1.0', cases, options);
    expect(report.regressions.map((c) => c.caseId)).toEqual(['late-delivery']);
    expect(report.regressions[0]?.worse[0]?.name).toMatch(/judge/);
    expect(report.passed).toBe(false);
  });

  it('a candidate whose call fails where the baseline answered has regressed', async () => {
    const { repo, cases, options } = await setup();
    const [late, , stove] = goodBaseline;
    network.openai.script(...goodBaseline, late ?? {}, { fault: 'server_error', status: 500 }, stove ?? {});
    scriptJudge(5, 5);

    const report = await checkCandidate(repo, 'support-reply', '1.1.0', cases, options);
    expect(report.regressions.map((c) => c.caseId)).toEqual(['double-charge']);
  });

  it('passes when nothing got worse, including cases that fail on both versions', async () => {
    const { repo, cases, options } = await setup();
    // Neither version escalates the gas leak: a known failure, not a regression.
    network.openai.script(...goodBaseline, ...goodBaseline);
    scriptJudge(4, 5);

    const report = await checkCandidate(repo, 'support-reply', '1.1.0', cases, options);
    expect(report.passed).toBe(true);
    expect(report.regressions).toEqual([]);
    expect(report.unchanged).toEqual(['late-delivery', 'double-charge', 'stove-safety']);
    expect(report.failingOnBoth).toEqual(['stove-safety']);
    expect(() => assertNoRegressions(report)).not.toThrow();
  });
});
