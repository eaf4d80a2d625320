import { evaluateCandidate, evaluateCandidates, trialOrder } from '@lab/evaluate.ts';
import type { AcceptanceRule } from '@lab/types.ts';
import { costOf, OpenAIChatModel } from '@workshop/llm';
import { FakeClock, useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { baseSpec, GOLDEN, SELF_HOSTED_PRICES, scriptedCandidate, USAGE } from './support.ts';

// Given code (not a checkpoint): runs in the lab's `pnpm test:reference` against the solution.
const network = useMockNetwork();
/** A rule that never decides, so every allowed trial runs. */
const undecided: AcceptanceRule = () => 'continue';
const spec = baseSpec();
const all = { rule: undecided };

/** What one scripted call costs for `model` according to the built-in price table. */
const perCall = (model: string) =>
  costOf('openai', model, { ...USAGE, totalTokens: USAGE.inputTokens + USAGE.outputTokens }).totalUsd;

describe('evaluator (given): trials through the real client', () => {
  it('sends each golden case once, in the seeded order, and grades each answer', async () => {
    const candidate = scriptedCandidate(network, {
      name: 'mini',
      model: 'gpt-4o-mini',
      baseURL: 'http://candidate-a.test/v1',
      wrong: ['T03', 'T09'],
    });
    const report = await evaluateCandidate(candidate, GOLDEN, spec, all);

    const order = trialOrder(GOLDEN);
    expect(order.map((c) => c.id)).not.toEqual(GOLDEN.map((c) => c.id));
    expect(new Set(order.map((c) => c.id)).size).toBe(GOLDEN.length);
    const emulator = network.openaiCompatible('http://candidate-a.test/v1');
    expect(emulator.chatRequests).toHaveLength(GOLDEN.length);
    emulator.chatRequests.forEach((body, i) => {
      const messages = body.messages as { role: string; content: string }[];
      expect(messages.at(-1)?.content, `trial ${i + 1} carries golden case ${order[i]?.id}`).toBe(order[i]?.input);
      expect(body.model).toBe('gpt-4o-mini');
    });
    expect(report).toMatchObject({ name: 'mini', modelId: 'gpt-4o-mini', total: 12, successes: 10 });
    expect(report.conclusion).toBe('not proven');
    expect(report.limit).toEqual({ trials: 12, by: 'golden set' });
    expect(report.cases.map((c) => c.caseId)).toEqual(order.map((c) => c.id));
    expect(
      report.cases
        .filter((c) => !c.passed)
        .map((c) => c.caseId)
        .sort(),
    ).toEqual(['T03', 'T09']);
    expect(report.cases.find((c) => c.caseId === 'T03')?.reason).toMatch(/category/);
    expect(report.tokens).toEqual({ inputTokens: 400 * 12, outputTokens: 20 * 12, totalTokens: 420 * 12 });
    expect(report.contextWindow).toBe(128_000);
  });

  it('stops as soon as the rule decides, and records its conclusion', async () => {
    const acceptAtThree: AcceptanceRule = ({ trials }) => (trials === 3 ? 'accept' : 'continue');
    const rejectAtOnce: AcceptanceRule = () => 'reject';
    const a = scriptedCandidate(network, { name: 'a', model: 'gpt-4o-mini', baseURL: 'http://candidate-a.test/v1' });
    const b = scriptedCandidate(network, { name: 'b', model: 'gpt-4o-mini', baseURL: 'http://candidate-b.test/v1' });
    const accepted = await evaluateCandidate(a, GOLDEN, spec, { rule: acceptAtThree });
    const rejected = await evaluateCandidate(b, GOLDEN, spec, { rule: rejectAtOnce });
    expect([accepted.conclusion, accepted.total]).toEqual(['accepted', 3]);
    expect([rejected.conclusion, rejected.total]).toEqual(['rejected', 1]);
    expect(network.openaiCompatible('http://candidate-a.test/v1').chatRequests).toHaveLength(3);
  });

  it('spends no more than the budget, and says what limited the trials', async () => {
    const candidate = scriptedCandidate(network, {
      name: 'a',
      model: 'gpt-4o-mini',
      baseURL: 'http://candidate-a.test/v1',
    });
    const report = await evaluateCandidate(candidate, GOLDEN, baseSpec({ maxTrials: 5 }), all);
    expect(report.total).toBe(5);
    expect(report.limit).toEqual({ trials: 5, by: 'budget' });
    expect(report.conclusion).toBe('not proven');
    expect(network.openaiCompatible('http://candidate-a.test/v1').chatRequests).toHaveLength(5);
  });

  it('fails with one line when the rule answers something other than accept, reject or continue', async () => {
    const candidate = scriptedCandidate(network, {
      name: 'a',
      model: 'gpt-4o-mini',
      baseURL: 'http://candidate-a.test/v1',
    });
    const sloppy = (() => 'maybe') as unknown as AcceptanceRule;
    await expect(evaluateCandidate(candidate, GOLDEN, spec, { rule: sloppy })).rejects.toThrow(
      /returned "maybe" for \d of 1; expected accept, reject or continue/,
    );
  });

  it('times each call with the clock and reports nearest-rank p50 / p95 / p99', async () => {
    const clock = new FakeClock();
    const timings = [120, 80, 95, 300, 110, 90, 100, 105, 85, 130, 98, 500];
    const candidate = scriptedCandidate(
      network,
      { name: 'timed', model: 'gpt-4o-mini', baseURL: 'http://candidate-a.test/v1', latencyMs: timings },
      GOLDEN,
      clock,
    );
    const report = await evaluateCandidate(candidate, GOLDEN, spec, { ...all, now: () => clock.now() });
    expect(report.cases.map((c) => c.latencyMs)).toEqual(timings);
    // sorted: 80 85 90 95 98 100 105 110 120 130 300 500 → rank 6, 12, 12
    expect(report.latency).toEqual({ p50: 100, p95: 500, p99: 500 });
  });

  it('measures real timings by default: a slow endpoint shows up in its percentiles', async () => {
    const golden = GOLDEN.slice(0, 2);
    const fast = scriptedCandidate(
      network,
      { name: 'fast', model: 'gpt-4o-mini', baseURL: 'http://candidate-a.test/v1' },
      golden,
    );
    const slow = scriptedCandidate(
      network,
      { name: 'slow', model: 'gpt-4o-mini', baseURL: 'http://candidate-b.test/v1' },
      golden,
    );
    network.openaiCompatible('http://candidate-b.test/v1').setLatency(100);
    const [fastReport, slowReport] = await evaluateCandidates([fast, slow], golden, spec, all);
    // Lower bounds only: a scripted 100 ms delay cannot be measured as much less.
    expect(slowReport?.cases.every((c) => c.latencyMs >= 95)).toBe(true);
    expect(slowReport?.latency.p50).toBeGreaterThan(fastReport?.latency.p50 ?? Infinity);
  });

  it('counts a provider error as a failed trial and carries on with the rest', async () => {
    const order = trialOrder(GOLDEN);
    const candidate = scriptedCandidate(
      network,
      { name: 'flaky', model: 'gpt-4o-mini', baseURL: 'http://candidate-c.test/v1' },
      GOLDEN,
    );
    const emulator = network.openaiCompatible('http://candidate-c.test/v1');
    emulator.reset();
    // The first two calls fail with 503; the answers of the ten cases after them follow.
    emulator.fail({ fault: 'server_error', status: 503 }, 2);
    emulator.script(...order.slice(2).map((c) => ({ content: JSON.stringify(c.expected), usage: USAGE })));
    const report = await evaluateCandidate(candidate, GOLDEN, spec, all);
    expect(report).toMatchObject({ total: 12, errors: 2, successes: 10 });
    expect(report.cases.slice(0, 2).map((c) => [c.passed, c.error])).toEqual([
      [false, 'unavailable'],
      [false, 'unavailable'],
    ]);
    expect(report.cases[0]?.reason).toMatch(/unavailable|503/);
  });

  it('rejects an empty golden set and duplicate candidate names before calling anything', async () => {
    const model = new OpenAIChatModel({
      apiKey: 'sk-test',
      model: 'gpt-4o-mini',
      baseURL: 'http://candidate-a.test/v1',
    });
    const candidate = { name: 'mini', model, hosting: 'external' as const };
    await expect(evaluateCandidate(candidate, [], spec)).rejects.toThrow(/empty/);
    await expect(evaluateCandidates([candidate, candidate], GOLDEN, spec)).rejects.toThrow(/duplicate.*mini/);
    expect(network.requests).toHaveLength(0);
  });
});

describe('evaluator (given): cost per successful task', () => {
  it('divides the spend of all trials, failed ones included, by the successes', async () => {
    const candidate = scriptedCandidate(network, {
      name: 'mini',
      model: 'gpt-4o-mini',
      baseURL: 'http://candidate-a.test/v1',
      wrong: ['T01', 'T02', 'T03'],
    });
    const report = await evaluateCandidate(candidate, GOLDEN, spec, all);
    expect(report.priced).toBe(true);
    expect(report.successes).toBe(9);
    expect(report.totalCostUsd).toBeCloseTo(12 * perCall('gpt-4o-mini'), 12);
    expect(report.costPerSuccessUsd).toBeCloseTo((12 * perCall('gpt-4o-mini')) / 9, 12);
  });

  it('makes a cheap-per-call model that fails often more expensive per successful task', async () => {
    expect(perCall('gpt-4.1-nano')).toBeLessThan(perCall('gpt-4o-mini'));
    const nano = scriptedCandidate(network, {
      name: 'nano',
      model: 'gpt-4.1-nano',
      baseURL: 'http://candidate-b.test/v1',
      wrong: GOLDEN.slice(0, 6).map((c) => c.id),
    });
    const mini = scriptedCandidate(network, {
      name: 'mini',
      model: 'gpt-4o-mini',
      baseURL: 'http://candidate-a.test/v1',
    });
    const [nanoReport, miniReport] = await evaluateCandidates([nano, mini], GOLDEN, spec, all);
    expect(nanoReport?.totalCostUsd).toBeLessThan(miniReport?.totalCostUsd ?? 0);
    expect(nanoReport?.costPerSuccessUsd).toBeGreaterThan(miniReport?.costPerSuccessUsd ?? Infinity);
  });

  it('has no cost per successful task when nothing succeeded (not zero, not a division by zero)', async () => {
    const golden = GOLDEN.slice(0, 3);
    const candidate = scriptedCandidate(
      network,
      { name: 'hopeless', model: 'gpt-4o-mini', baseURL: 'http://candidate-a.test/v1', wrong: golden.map((c) => c.id) },
      golden,
    );
    const report = await evaluateCandidate(candidate, golden, spec, all);
    expect(report.successes).toBe(0);
    expect(report.totalCostUsd).toBeGreaterThan(0);
    expect(report.costPerSuccessUsd).toBeNull();
  });

  it('prices a model the built-in table does not know from the price table passed in', async () => {
    const profile = {
      name: 'local',
      model: 'llama-3.1-8b-instruct',
      baseURL: 'http://vllm.test/v1',
      providerName: 'vllm',
      hosting: 'self-hosted' as const,
    };
    const golden = GOLDEN.slice(0, 4);
    const unpriced = await evaluateCandidate(scriptedCandidate(network, profile, golden), golden, spec, all);
    expect(unpriced.priced, 'a model missing from the price table must not look free').toBe(false);

    const priced = await evaluateCandidate(scriptedCandidate(network, profile, golden), golden, spec, {
      ...all,
      prices: SELF_HOSTED_PRICES,
    });
    const expected = costOf(
      'vllm',
      'llama-3.1-8b-instruct',
      { ...USAGE, totalTokens: 420 },
      SELF_HOSTED_PRICES,
    ).totalUsd;
    expect(priced.priced).toBe(true);
    expect(priced.provider).toBe('vllm');
    expect(priced.totalCostUsd).toBeCloseTo(golden.length * expected, 12);
  });
});
