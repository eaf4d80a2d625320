/**
 * The simulation the DoD judges with: the virtual clock fires deadlines when their time comes, and a
 * simulated provider behaves as its profile says.
 */
import { resilientChain } from '@lab/chain.ts';
import { percentile } from '@workshop/kit';
import { isProviderError } from '@workshop/llm';
import { describe, expect, it } from 'vitest';
import {
  CLIENT_TIMEOUT_MS,
  type FaultProfile,
  loadProfiles,
  SimulatedChatModel,
  simulateTraffic,
} from './simulation.ts';
import { question } from './support/providers.ts';
import { VirtualClock } from './virtual-clock.ts';

describe('VirtualClock', () => {
  it('fires the deadlines a sleep passes, in order, and stops the sleep its own signal aborts', async () => {
    const clock = new VirtualClock();
    const late = clock.deadline(5_000);
    const early = clock.deadline(1_000);
    await clock.sleep(2_000);
    expect([early.signal.aborted, late.signal.aborted, clock.now()]).toEqual([true, false, 2_000]);

    await expect(clock.sleep(10_000, late.signal)).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(clock.now()).toBe(5_000);
    expect(clock.pendingDeadlines).toBe(0);
  });

  it('never fires a cleared deadline; fireNext jumps to the earliest pending one', () => {
    const clock = new VirtualClock();
    clock.deadline(100).clear();
    const next = clock.deadline(300);
    clock.advanceTo(200);
    expect(clock.fireNext()).toBe(true);
    expect([next.signal.aborted, clock.now(), clock.fireNext()]).toEqual([true, 300, false]);
  });
});

describe('SimulatedChatModel', () => {
  const [openai] = loadProfiles('dev') as [FaultProfile];

  it('draws faults and latencies as the profile says', async () => {
    const clock = new VirtualClock();
    const model = new SimulatedChatModel({ ...openai, incidents: [] }, clock, 1);
    const kinds: Record<string, number> = {};
    const latencies: number[] = [];
    const calls = 20_000;
    for (let i = 0; i < calls; i++) {
      model.beginRequest(i);
      const start = clock.now();
      try {
        await model.generate(question);
        latencies.push(clock.now() - start);
      } catch (error) {
        const kind = isProviderError(error) ? error.kind : 'bug';
        kinds[kind] = (kinds[kind] ?? 0) + 1;
        if (kind === 'timeout') expect(clock.now() - start).toBe(CLIENT_TIMEOUT_MS);
      }
    }
    const share = (kind: string) => (kinds[kind] ?? 0) / calls;
    expect(share('rate_limit')).toBeCloseTo(openai.faults.rateLimit, 2);
    expect(share('unavailable')).toBeCloseTo(openai.faults.serverError, 2);
    expect(share('timeout')).toBeCloseTo(openai.faults.hang, 2);
    expect(share('bad_response')).toBeCloseTo(openai.faults.cut, 2);
    expect(percentile(latencies, 50) / openai.latencyMs.p50).toBeCloseTo(1, 1);
    expect(percentile(latencies, 90) / openai.latencyMs.p90).toBeCloseTo(1, 1);
  });

  it('gives two chains the same luck: the first attempt of a request ends alike whatever comes after it', async () => {
    const profiles = loadProfiles('dev');
    const traffic = { requests: 300, meanGapMs: 2_000, seed: 5 };
    const once = await simulateTraffic(
      (p, env) => resilientChain([p.openai], { ...env, retry: { maxAttempts: 1 } }),
      profiles,
      traffic,
    );
    const thrice = await simulateTraffic(
      (p, env) => resilientChain([p.openai, p.offline], { ...env, retry: { maxAttempts: 3 } }),
      profiles,
      traffic,
    );
    const first = (r: typeof once) =>
      r.outcomes.map((o) => `${o.attempts[0]?.outcome} ${Math.round(o.attempts[0]?.durationMs ?? 0)}`);
    expect(first(thrice)).toEqual(first(once));
    expect(thrice.successRate).toBeGreaterThan(once.successRate);
  });
});
