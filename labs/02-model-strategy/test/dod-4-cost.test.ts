import { evaluateCandidate } from '@lab/evaluate.ts';
import { costOf } from '@workshop/llm';
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { firstIds, GOLDEN, SELF_HOSTED_PRICES, scriptedCandidate, USAGE } from './support.ts';

const network = useMockNetwork();

/** What one scripted call costs for `model` according to the built-in price table. */
const perCall = (model: string) =>
  costOf('openai', model, { ...USAGE, totalTokens: USAGE.inputTokens + USAGE.outputTokens }).totalUsd;

describe('DoD-4 cost is measured per successful task, and failed tasks count against it', () => {
  it('divides the spend of all tasks, failed ones included, by the number of successes', async () => {
    const candidate = scriptedCandidate(network, {
      name: 'mini',
      model: 'gpt-4o-mini',
      baseURL: 'http://candidate-a.test/v1',
      wrong: firstIds(3),
    });
    const report = await evaluateCandidate(candidate, GOLDEN);

    expect(report.priced).toBe(true);
    expect(report.successes).toBe(9);
    expect(report.totalCostUsd).toBeCloseTo(12 * perCall('gpt-4o-mini'), 12);
    expect(report.costPerSuccessUsd).toBeCloseTo((12 * perCall('gpt-4o-mini')) / 9, 12);
    expect(report.cases[0]?.costUsd).toBeCloseTo(perCall('gpt-4o-mini'), 12);
  });

  it('makes a cheap-per-call model that fails often more expensive per successful task', async () => {
    // gpt-4.1-nano is cheaper per call than gpt-4o-mini, but gets half the tickets wrong.
    expect(perCall('gpt-4.1-nano')).toBeLessThan(perCall('gpt-4o-mini'));
    const nano = scriptedCandidate(network, {
      name: 'nano',
      model: 'gpt-4.1-nano',
      baseURL: 'http://candidate-b.test/v1',
      wrong: firstIds(6),
    });
    const mini = scriptedCandidate(network, {
      name: 'mini',
      model: 'gpt-4o-mini',
      baseURL: 'http://candidate-a.test/v1',
    });
    const nanoReport = await evaluateCandidate(nano, GOLDEN);
    const miniReport = await evaluateCandidate(mini, GOLDEN);

    expect(nanoReport.totalCostUsd).toBeLessThan(miniReport.totalCostUsd);
    expect(nanoReport.costPerSuccessUsd).toBeGreaterThan(miniReport.costPerSuccessUsd ?? Infinity);
  });

  it('has no cost per successful task when nothing succeeded (not zero, not a division by zero)', async () => {
    const golden = GOLDEN.slice(0, 3);
    const candidate = scriptedCandidate(
      network,
      { name: 'hopeless', model: 'gpt-4o-mini', baseURL: 'http://candidate-a.test/v1', wrong: firstIds(3) },
      golden,
    );
    const report = await evaluateCandidate(candidate, golden);
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
    // A few cases are enough: what is tested is which table prices them.
    const golden = GOLDEN.slice(0, 4);
    const unpriced = await evaluateCandidate(scriptedCandidate(network, profile, golden), golden);
    expect(unpriced.priced, 'a model missing from the price table must not look free').toBe(false);

    const priced = await evaluateCandidate(scriptedCandidate(network, profile, golden), golden, {
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
    expect(priced.costPerSuccessUsd).toBeCloseTo(expected, 12);
  });
});
