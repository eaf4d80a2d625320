import {
  assertNoRegressions,
  type CaseResult,
  compareRuns,
  formatReport,
  loadGoldenFile,
  PromptRepository,
  RegressionError,
  runCases,
  type SuiteRun,
} from '@lab/index.ts';
import { OpenAIChatModel } from '@workshop/llm';
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { GOLDEN_FILE, PROMPTS_DIR } from './helpers.ts';

const network = useMockNetwork();

/** A case result with these tallies, as `runCases` reports them. */
function caseResult(caseId: string, runs: number, passed: Record<string, number>): CaseResult {
  return {
    caseId,
    runs,
    outputs: [],
    assertions: Object.entries(passed).map(([name, n]) => ({
      name,
      passed: n,
      runs,
      details: n < runs ? [`${name} failed`] : [],
    })),
  };
}

const suiteRun = (version: string, cases: CaseResult[]): SuiteRun => ({
  promptId: 'support-reply',
  version,
  hash: `sha256:${version}`,
  cases,
});

describe('comparing repeated runs of the golden cases (given: compareRuns, formatReport, assertNoRegressions)', () => {
  it('a case regresses when an assertion fell from always to rarely; flat and better cases are reported apart', () => {
    const baseline = suiteRun('1.0.0', [
      caseResult('late-delivery', 8, { json: 8, 'contains ORD-1042': 8 }),
      caseResult('double-charge', 8, { json: 8, category: 5 }),
      caseResult('stove-safety', 8, { json: 8, escalate: 0 }),
    ]);
    const candidate = suiteRun('1.1.0', [
      caseResult('late-delivery', 8, { json: 8, 'contains ORD-1042': 0 }),
      caseResult('double-charge', 8, { json: 8, category: 6 }),
      caseResult('stove-safety', 8, { json: 8, escalate: 8 }),
    ]);
    const report = compareRuns(baseline, candidate);
    expect(report.passed).toBe(false);
    expect(report.calls).toBe(48);
    expect(report.regressions.map((r) => [r.caseId, r.worse.map((w) => w.name)])).toEqual([
      ['late-delivery', ['contains ORD-1042']],
    ]);
    expect(report.regressions[0]?.worse[0]).toMatchObject({ baseline: { passed: 8 }, candidate: { passed: 0 } });
    expect(report.improvements.map((r) => r.caseId)).toEqual(['stove-safety']);
    expect(report.unchanged).toEqual(['double-charge']);
    expect(formatReport(report)).toContain('late-delivery: contains ORD-1042: 8/8 → 0/8');
    expect(() => assertNoRegressions(report)).toThrow(RegressionError);
    expect(() => assertNoRegressions(report)).toThrow(/late-delivery/);
    expect(() => assertNoRegressions(compareRuns(baseline, baseline))).not.toThrow();
  });

  it('refuses runs of different prompts or of different cases', () => {
    const run = suiteRun('1.0.0', [caseResult('late-delivery', 2, { json: 2 })]);
    expect(() => compareRuns(run, { ...run, promptId: 'ticket-summary' })).toThrow(/different prompts/);
    expect(() => compareRuns(run, suiteRun('1.1.0', [caseResult('other', 2, { json: 2 })]))).toThrow(/missing/);
  });
});

describe('running golden cases repeatedly (given: runCases)', () => {
  it('tallies every assertion over the runs, and a failed call fails every assertion of its run', async () => {
    const repo = await PromptRepository.load(PROMPTS_DIR);
    const [late] = (await loadGoldenFile(GOLDEN_FILE)).cases;
    if (!late) throw new Error('golden.yaml has no cases');
    const withoutJudge = { ...late, assert: late.assert.filter((a) => a.type !== 'judge') };
    const good = JSON.stringify({ reply: 'Hi Dana, sorry ORD-1042 is late.', category: 'shipping', escalate: false });
    network.openai.script(
      { content: good },
      { content: good.replace('ORD-1042', 'your order') },
      { fault: 'server_error' },
    );
    const model = new OpenAIChatModel({ apiKey: 'sk-test', model: 'gpt-4o-mini', maxRetries: 0 });

    const run = await runCases(repo.get('support-reply', '1.0.0'), [withoutJudge], { model, repeats: 3 });

    expect(network.openai.chatRequests).toHaveLength(3);
    const [result] = run.cases;
    expect(result?.runs).toBe(3);
    expect(result?.assertions.map((a) => [a.name, a.passed, a.runs])).toEqual([
      ['json matches schema', 2, 3],
      ['contains "ORD-1042"', 1, 3],
      ['matches /"category"\\s*:\\s*"shipping"/', 2, 3],
    ]);
    expect(result?.outputs.filter((o) => o === undefined)).toHaveLength(1);
    await expect(runCases(repo.get('support-reply', '1.0.0'), [withoutJudge], { model, repeats: 0 })).rejects.toThrow(
      /repeats/,
    );
  });
});
