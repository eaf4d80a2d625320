import { buildChain } from '@lab/policy.ts';
import { expectMetric, reportMetric } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { loadProfiles, qualityOf, simulateTraffic, TARGETS, type TrafficResult } from './simulation.ts';

const profiles = loadProfiles('test');
const DEV_REPORT = 'calibrate on dev: node labs/03-providers/src/dev-report.ts';

// The test month is simulated once per file: every KPI of DoD-1 and DoD-2 reads the same run.
let month: Promise<TrafficResult> | undefined;
const testMonth = () => {
  month ??= simulateTraffic(buildChain, profiles);
  return month;
};

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const seconds = (ms: number) => `${(ms / 1_000).toFixed(1)} s`;
function slowest(result: TrafficResult): string {
  const worst = [...result.outcomes].sort((a, b) => b.latencyMs - a.latencyMs)[0];
  if (!worst) return '';
  const trail = worst.attempts.map((a) => `${a.provider} ${a.outcome}`).join(' → ');
  return `slowest: ${seconds(worst.latencyMs)}, ${worst.ok ? `answered by ${worst.provider}` : `failed (${worst.failure})`} after ${trail || 'no attempt'}`;
}

describe('DoD-1 the chain meets the SLO in the test month (3,000 requests on virtual time)', () => {
  it(`answers at least ${TARGETS.successRate * 100} % of the requests`, async () => {
    const result = await testMonth();
    const failures = Object.entries(result.failures).map(([kind, n]) => `${n} ${kind}`);
    expectMetric(
      { name: 'success', value: result.successRate, target: `>= ${TARGETS.successRate}`, unit: 'ratio' },
      `failed: ${failures.join(', ') || 'none'}; ${DEV_REPORT}`,
    );
  });

  it(`answers at most ${TARGETS.degraded * 100} % of the requests from the offline last resort (a degraded answer)`, async () => {
    const result = await testMonth();
    const by = Object.entries(result.answeredBy).map(
      ([provider, share]) => `${provider} ${(100 * share).toFixed(1)} %`,
    );
    expectMetric(
      {
        name: 'degraded',
        value: Number(result.answeredBy.offline.toFixed(4)),
        target: `<= ${TARGETS.degraded}`,
        unit: 'ratio',
      },
      `answered by ${by.join(', ')}; ${DEV_REPORT}`,
    );
  });

  it(`keeps the 99th percentile of waiting at most ${seconds(TARGETS.p99Ms)}`, async () => {
    const result = await testMonth();
    expectMetric(
      { name: 'p99', value: Math.round(result.p99Ms), target: `<= ${TARGETS.p99Ms}`, unit: 'ms' },
      `p50 ${seconds(result.p50Ms)}, p95 ${seconds(result.p95Ms)}; ${slowest(result)}; ${DEV_REPORT}`,
    );
  });

  it(`lets no request wait longer than ${seconds(TARGETS.maxMs)}`, async () => {
    const result = await testMonth();
    expectMetric(
      { name: 'worst', value: Math.round(result.maxMs), target: `<= ${TARGETS.maxMs}`, unit: 'ms' },
      `${slowest(result)}; ${DEV_REPORT}`,
    );
  });
});

describe('DoD-2 falling back costs as little answer quality as the SLO allows (test month)', () => {
  it(`loses at most ${TARGETS.qualityLost * 100} points of good answers against the best model answering everything, with the SLO met`, async () => {
    const result = await testMonth();
    const lost = result.bestQuality - result.goodAnswers;
    const toFailures = (1 - result.successRate) * result.bestQuality;
    const answered = Object.entries(result.answeredBy)
      .filter(([, share]) => share > 0)
      .map(([provider, share]) => {
        const profile = profiles.find((p) => p.provider === provider);
        return `${provider} ${pct(share)}${profile ? ` (quality ${qualityOf(profile).toFixed(3)})` : ''}`;
      });
    reportMetric({ name: 'good answers', value: Number(result.goodAnswers.toFixed(4)), unit: 'ratio' });
    reportMetric({ name: 'cost per 1k', value: Number(result.usdPer1kRequests.toFixed(3)), unit: 'usd' });
    expectMetric(
      { name: 'quality lost', value: Number(lost.toFixed(4)), target: `<= ${TARGETS.qualityLost}`, unit: 'ratio' },
      `best model alone ${pct(result.bestQuality)}, your chain ${pct(result.goodAnswers)}: ${pct(toFailures)} lost to failed requests, ${pct(lost - toFailures)} to answers from weaker models; answered by ${answered.join(', ')}; ${DEV_REPORT}`,
    );
    // Quality bought with the users' time is not a saving: DoD-1's SLO must hold with it.
    expect(result.successRate, 'the SLO (DoD-1): share of requests answered').toBeGreaterThanOrEqual(
      TARGETS.successRate,
    );
    expect(result.p99Ms, 'the SLO (DoD-1): p99 of waiting, in ms').toBeLessThanOrEqual(TARGETS.p99Ms);
    expect(result.maxMs, 'the SLO (DoD-1): the longest wait, in ms').toBeLessThanOrEqual(TARGETS.maxMs);
  });
});
