import { MemoryLabelStore } from '@lab/labels.ts';
import { checkCandidate } from '@lab/regression/compare.ts';
import { MAX_REPEATS, REPEATS, regressed } from '@lab/regression/flaky.ts';
import type { GoldenCase } from '@lab/regression/golden.ts';
import { PromptRepository } from '@lab/repository.ts';
import { OpenAIChatModel } from '@workshop/llm';
import { expectMetric, reportMetric, useMockNetwork } from '@workshop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROMPTS_DIR } from './helpers.ts';
import { loadSuites, type SuiteScore, scoreRule } from './suites.ts';
import { TARGETS } from './targets.ts';

const network = useMockNetwork();
const suites = loadSuites('test');
const DEV_REPORT = 'calibrate on dev: node labs/05-prompt-engineering/src/dev-report.ts';

// The test suites are scored once per file: the tests below read the same figures.
let scored: SuiteScore | undefined;
function score(): SuiteScore {
  expect(
    Number.isInteger(REPEATS) && REPEATS >= 1 && REPEATS <= MAX_REPEATS,
    `REPEATS ${REPEATS} is outside 1..${MAX_REPEATS}`,
  ).toBe(true);
  scored ??= scoreRule(suites, regressed, REPEATS);
  return scored;
}

describe('DoD-2 the regression check tells a flaky assertion from a broken one, measured on the test suites', () => {
  it(`fails at most ${TARGETS.suites.falseAlarms} of the checks of unchanged (but flaky) candidates`, () => {
    const { falseAlarms, checks, callsPerCheck } = score();
    reportMetric({ name: 'calls per check', value: callsPerCheck, unit: 'count' });
    expectMetric(
      { name: 'false alarms', value: falseAlarms, target: `<= ${TARGETS.suites.falseAlarms}`, unit: 'ratio' },
      `${checks.unchanged} checks of unchanged suites at REPEATS ${REPEATS}; ${DEV_REPORT}`,
    );
  });

  it(`misses at most ${TARGETS.suites.missed} of the regressions`, () => {
    const { missed, checks } = score();
    expectMetric(
      { name: 'missed regressions', value: missed, target: `<= ${TARGETS.suites.missed}`, unit: 'ratio' },
      `${checks.regressed} checks of regressed suites at REPEATS ${REPEATS}; ${DEV_REPORT}`,
    );
  });
});

describe('DoD-2 properties of the regression rule', () => {
  const counts = fc.tuple(fc.nat({ max: REPEATS }), fc.nat({ max: REPEATS }));

  it('never flags a candidate that passed at least as often as the baseline', () => {
    fc.assert(
      fc.property(counts, ([base, cand]) => {
        fc.pre(cand >= base);
        expect(regressed({ passed: base, runs: REPEATS }, { passed: cand, runs: REPEATS })).toBe(false);
      }),
    );
  });

  it('a bigger drop is flagged whenever a smaller one is, and all-pass to none-pass is flagged', () => {
    fc.assert(
      fc.property(counts, ([base, cand]) => {
        fc.pre(base < REPEATS && cand > 0);
        if (regressed({ passed: base, runs: REPEATS }, { passed: cand, runs: REPEATS })) {
          expect(regressed({ passed: base + 1, runs: REPEATS }, { passed: cand, runs: REPEATS })).toBe(true);
          expect(regressed({ passed: base, runs: REPEATS }, { passed: cand - 1, runs: REPEATS })).toBe(true);
        }
      }),
    );
    expect(
      regressed({ passed: REPEATS, runs: REPEATS }, { passed: 0, runs: REPEATS }),
      `${REPEATS} of ${REPEATS} to 0`,
    ).toBe(true);
  });
});

/** One golden case with an assertion that is flaky on both versions and one that the candidate breaks. */
const lateDelivery: GoldenCase = {
  id: 'late-delivery',
  variables: { customer_name: 'Dana', order_id: 'ORD-1042', ticket: 'My tent is six days late. Where is it?' },
  assert: [
    { type: 'regex', pattern: '"category"\\s*:\\s*"shipping"', flags: '' },
    { type: 'contains', value: 'ORD-1042', ignoreCase: false },
  ],
};

/**
 * The support model on the emulated OpenAI API, non-deterministic by script: each version has a
 * cycle of outputs, taken in the order its requests arrive. Both versions get the category right
 * 4 times in 5; the candidate (1.1.0, the one that knows about chargebacks) names the order 1 time in 5.
 */
function scriptedVersions() {
  const calls = { baseline: 0, candidate: 0 };
  network.openai.respond(({ messages }) => {
    const version = messages.some((m) => m.content.includes('chargeback')) ? 'candidate' : 'baseline';
    const i = calls[version]++;
    const category = (version === 'baseline' ? i % 5 !== 4 : i % 5 !== 0) ? 'shipping' : 'other';
    const order = version === 'baseline' || i % 5 === 2 ? 'ORD-1042' : 'your order';
    const reply = `Hi Dana, sorry that ${order} is late; a colleague will confirm the date.`;
    return { content: JSON.stringify({ reply, category, escalate: false }) };
  });
  return calls;
}

describe('DoD-2 the check through the emulated API', () => {
  it('runs each case REPEATS times per version and fails the candidate only for the assertion it broke', async () => {
    expect(REPEATS, `REPEATS must be within the budget of ${MAX_REPEATS}`).toBeLessThanOrEqual(MAX_REPEATS);
    const repo = await PromptRepository.load(PROMPTS_DIR, { labels: new MemoryLabelStore() });
    await repo.moveLabel('support-reply', 'production', '1.0.0');
    const calls = scriptedVersions();
    const model = new OpenAIChatModel({ apiKey: 'sk-test', model: 'gpt-4o-mini' });

    const report = await checkCandidate(repo, 'support-reply', '1.1.0', [lateDelivery], { model });

    expect(calls).toEqual({ baseline: REPEATS, candidate: REPEATS });
    expect(report.calls).toBe(2 * REPEATS);
    expect(report.passed).toBe(false);
    expect(report.regressions.map((r) => [r.caseId, r.worse.map((w) => w.name)])).toEqual([
      ['late-delivery', ['contains "ORD-1042"']],
    ]);
  });
});
