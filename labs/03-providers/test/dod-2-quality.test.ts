import { buildChain } from '@lab/policy.ts';
import { expectMetric, reportMetric } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { loadProfiles, qualityOf, simulateTraffic, TARGETS } from './simulation.ts';

const profiles = loadProfiles('test');
const DEV_REPORT = 'calibrate on dev: node labs/03-providers/src/dev-report.ts';
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

describe('DoD-2 falling back costs as little answer quality as the SLO allows (test month)', () => {
  it(`loses at most ${TARGETS.qualityLost * 100} points of good answers against the best model answering everything, with the SLO met`, async () => {
    const result = await simulateTraffic(buildChain, profiles);
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
