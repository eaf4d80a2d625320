import { checkCriteria } from '@lab/criteria.ts';
import { decide } from '@lab/decide.ts';
import type { CandidateReport, CriterionId, Decision } from '@lab/types.ts';
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { baseSpec, evaluateScenario, once } from './support.ts';

const network = useMockNetwork();

// The scenario is evaluated once per order (60 real client calls each) and the tests only decide
// on the reports — each on its own copy, so one test's decide() cannot affect another's.
const forward = once(() => evaluateScenario(network));
const backward = once(() => evaluateScenario(network, ['local', 'nano', 'mini', 'balanced', 'premium']));
const scenario = async (): Promise<CandidateReport[]> => structuredClone(await forward());

/** Ids of the criteria `name` failed in `decision`. */
function failed(decision: Decision, name: string): CriterionId[] {
  const verdict = decision.verdicts.find((v) => v.name === name);
  if (!verdict) throw new Error(`no verdict for ${name}`);
  return verdict.criteria.filter((c) => !c.pass).map((c) => c.id);
}

describe('DoD-5 every criterion is checked and the cheapest candidate that passes them all is chosen', () => {
  it('checks all six criteria against the measured values', async () => {
    const mini = (await scenario()).find((r) => r.name === 'mini');
    if (!mini) throw new Error('no report for mini');
    const criteria = checkCriteria(baseSpec(), mini);

    expect(criteria.map((c) => c.id)).toEqual([
      'successRate',
      'p95Latency',
      'costPerSuccess',
      'contextWindow',
      'privacy',
      'provider',
    ]);
    expect(criteria.every((c) => c.pass)).toBe(true);
    expect(criteria.find((c) => c.id === 'successRate')?.measured).toContain('91.7%');
    expect(criteria.find((c) => c.id === 'p95Latency')?.measured).toContain('250');

    const strict = checkCriteria(
      baseSpec({ minSuccessRate: 0.95, maxP95LatencyMs: 200, minContextWindow: 200_000 }),
      mini,
    );
    expect(strict.filter((c) => !c.pass).map((c) => c.id)).toEqual(['successRate', 'p95Latency', 'contextWindow']);
  });

  it('chooses the cheapest per successful task among those that pass everything', async () => {
    const decision = decide(baseSpec(), await scenario());

    expect(decision.chosen).toBe('mini');
    expect(decision.closestMiss).toBeNull();
    // Cheaper per successful task than mini, but each fails something:
    expect(failed(decision, 'nano')).toEqual(['successRate']);
    expect(failed(decision, 'local')).toEqual(['p95Latency', 'contextWindow']);
    // Passes the quality bar, but not the budget:
    expect(failed(decision, 'premium')).toEqual(['costPerSuccess']);
    expect(failed(decision, 'balanced')).toEqual([]);
  });

  it('lists every runner-up with the reason it lost', async () => {
    const decision = decide(baseSpec(), await scenario());
    const reasons = new Map(decision.runnersUp.map((r) => [r.name, r.reason]));

    expect([...reasons.keys()].sort()).toEqual(['balanced', 'local', 'nano', 'premium']);
    expect(decision.runnersUp[0]?.name, 'the other passing candidate ranks first').toBe('balanced');
    expect(reasons.get('balanced')).toMatch(/cost/i);
    expect(reasons.get('nano')).toContain('Success rate');
    expect(reasons.get('premium')).toContain('Cost per successful task');
    expect(reasons.get('local')).toContain('p95 latency');
    expect(reasons.get('local')).toContain('Context window');
  });

  it('enforces privacy and the allowed providers as hard criteria', async () => {
    const spec = baseSpec({
      privacy: 'self-hosted-only',
      allowedProviders: ['vllm'],
      maxP95LatencyMs: 2000,
      minContextWindow: 8000,
    });
    const decision = decide(spec, await scenario());

    expect(decision.chosen).toBe('local');
    for (const name of ['premium', 'balanced', 'mini', 'nano']) {
      expect(failed(decision, name)).toEqual(expect.arrayContaining(['privacy', 'provider']));
    }
  });

  it('picks nothing when nothing passes, and names the closest miss', async () => {
    // mini misses the success rate by a hair; balanced misses latency by more; the rest miss more.
    const decision = decide(baseSpec({ minSuccessRate: 0.95, maxP95LatencyMs: 300 }), await scenario());

    expect(decision.chosen).toBeNull();
    expect(decision.closestMiss).toBe('mini');
    expect(decision.runnersUp.map((r) => r.name).sort()).toEqual(['balanced', 'local', 'mini', 'nano', 'premium']);
  });

  it('does not depend on the order the candidates were given in', async () => {
    const forwardDecision = decide(baseSpec(), await scenario());
    const reversed = decide(baseSpec(), await backward());
    expect(reversed.chosen).toBe(forwardDecision.chosen);
    expect(reversed.runnersUp).toEqual(forwardDecision.runnersUp);
  });
});
