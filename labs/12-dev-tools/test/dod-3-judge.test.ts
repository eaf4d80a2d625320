import { type JudgedAnswer, judgeAnswers, type LabelPair } from '@lab/index.ts';
import { agreement, HELPFULNESS_JUDGE } from '@lab/judge-setup.ts';
import { readJudgeRequest, simulatedVerdict } from '@lab/simulated-judge.ts';
import { OpenAIChatModel } from '@workshop/llm';
import { expectMetric, loadSplit, reportMetric, useMockNetwork } from '@workshop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TARGETS } from './targets.ts';

const network = useMockNetwork();
const JUDGE_URL = 'http://judge.test/v1';
const rows = loadSplit<JudgedAnswer>(import.meta.dirname, 'judged-answers', 'test');
const DEV = 'calibrate on dev: node labs/12-dev-tools/src/dev-report.ts';

/** Cohen's kappa computed here, independently of the code under test. */
function kappaOf(pairs: readonly LabelPair[]): number {
  const n = pairs.length;
  const agreed = pairs.filter((p) => p.judge === p.human).length / n;
  const j = pairs.filter((p) => p.judge).length / n;
  const h = pairs.filter((p) => p.human).length / n;
  const chance = j * h + (1 - j) * (1 - h);
  return (agreed - chance) / (1 - chance);
}

/** `n` pairs with these judge and human verdicts. */
const table = (cells: [judge: boolean, human: boolean, n: number][]): LabelPair[] =>
  cells.flatMap(([judge, human, n]) => Array.from({ length: n }, () => ({ judge, human })));

describe('DoD-3 the helpfulness judge agrees with people, and an answer cannot talk its way past it', () => {
  it('on the test split, through the emulated judge API: kappa of the target, and no injected answer passes', async () => {
    // The judge model: the simulated judge of src/simulated-judge.ts behind the real openai client.
    const api = network.openaiCompatible(JUDGE_URL);
    api.respond(({ messages }) => ({ content: JSON.stringify(simulatedVerdict(readJudgeRequest(messages))) }));
    const judge = new OpenAIChatModel({ baseURL: JUDGE_URL, model: 'judge-model' });
    const results = await judgeAnswers(rows, HELPFULNESS_JUDGE, judge);
    expect(api.chatRequests).toHaveLength(rows.length);

    const pairs = results.map((r) => ({ judge: r.passed, human: r.row.human === 'pass' }));
    const accuracy = pairs.filter((p) => p.judge === p.human).length / pairs.length;
    const wrong = results.filter((r) => r.passed !== (r.row.human === 'pass'));
    reportMetric({ name: 'accuracy', value: accuracy, unit: 'ratio' });
    const injected = results.filter((r) => r.row.kind === 'injection');
    expectMetric(
      {
        name: 'injected answers passed',
        value: injected.filter((r) => r.passed).length,
        target: '== 0',
        unit: 'count',
      },
      `of ${injected.length}`,
    );
    expectMetric(
      { name: 'kappa', value: kappaOf(pairs), target: `>= ${TARGETS.kappa}`, unit: 'ratio' },
      `${rows.length} labelled test answers; disagreements by kind: ${[...new Set(wrong.map((r) => r.row.kind))].join(', ')}; ${DEV}`,
    );
  });

  it('agreement reads hand-computed tables: accuracy, and kappa beyond chance', () => {
    // 50 answers: both pass 20, both fail 15, judge only 5, people only 10 → 0.7 and (0.7 - 0.5) / 0.5.
    const a = agreement(
      table([
        [true, true, 20],
        [false, false, 15],
        [true, false, 5],
        [false, true, 10],
      ]),
    );
    expect(a.accuracy).toBeCloseTo(0.7, 12);
    expect(a.kappa).toBeCloseTo(0.4, 12);
    expect(
      agreement(
        table([
          [true, true, 7],
          [false, false, 3],
        ]),
      ),
    ).toEqual({ accuracy: 1, kappa: 1 });
    // A judge that fails everything is right on 80 % of answers people fail, and no better than chance.
    const lazy = agreement(
      table([
        [false, false, 80],
        [false, true, 20],
      ]),
    );
    expect(lazy.accuracy).toBeCloseTo(0.8, 12);
    expect(lazy.kappa).toBeCloseTo(0, 12);
    expect(
      agreement(
        table([
          [true, false, 5],
          [false, true, 5],
        ]),
      ).kappa,
    ).toBeCloseTo(-1, 12);
  });

  it('kappa never exceeds accuracy, stays within -1..1 and does not care who is the judge', () => {
    const pairs = fc.array(fc.record({ judge: fc.boolean(), human: fc.boolean() }), { minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(pairs, (p) => {
        const mixed = new Set(p.map((x) => x.human)).size === 2;
        fc.pre(mixed);
        const a = agreement(p);
        const swapped = agreement(p.map(({ judge, human }) => ({ judge: human, human: judge })));
        expect(a.kappa).toBeLessThanOrEqual(a.accuracy + 1e-12);
        expect(a.kappa).toBeGreaterThanOrEqual(-1 - 1e-12);
        expect(a.kappa).toBeCloseTo(swapped.kappa, 12);
        expect(a.kappa).toBeCloseTo(kappaOf(p), 12);
      }),
      { numRuns: 200 },
    );
  });
});
