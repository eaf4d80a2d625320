import type { OpenedStream, Reported } from '@lab/attempts.ts';
import { drain } from '@lab/attempts.ts';
import { buildChain } from '@lab/policy.ts';
import { PINNED_MODELS } from '@lab/providers.ts';
import { seededRandom } from '@workshop/kit';
import type { ChatStreamEvent } from '@workshop/llm';
import { useMockNetwork } from '@workshop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FaultProfile, loadProfiles, simulateTraffic, TARGETS } from './simulation.ts';
import { emulatedProviders, settle } from './support/emulated.ts';
import { question } from './support/providers.ts';
import { VirtualClock } from './virtual-clock.ts';

const network = useMockNetwork();
const profiles = loadProfiles('test');

const seconds = (ms: number) => `${(ms / 1_000).toFixed(1)} s`;

/** A provider's worst day, in a few numbers (so a counterexample reads at a glance). */
const aBadDay = fc.record({
  hang: fc.double({ min: 0, max: 1, noNaN: true }),
  rateLimit: fc.double({ min: 0, max: 1, noNaN: true }),
  serverError: fc.double({ min: 0, max: 1, noNaN: true }),
  cut: fc.double({ min: 0, max: 1, noNaN: true }),
  retryAfterSeconds: fc.constantFrom(1, 5, 30, 120),
  slowdown: fc.constantFrom(1, 2, 4),
});
type BadDay = typeof aBadDay extends fc.Arbitrary<infer T> ? T : never;

/** `base` having that day: the fault shares (scaled to at most 1 in all), one Retry-After, slower answers, no incident. */
function having(base: FaultProfile, day: BadDay): FaultProfile {
  const total = Math.max(1, day.hang + day.rateLimit + day.serverError + day.cut);
  const q = base.latencyMs;
  const slower = (ms: number) => ms * day.slowdown;
  return {
    ...base,
    faults: {
      hang: day.hang / total,
      rateLimit: day.rateLimit / total,
      serverError: day.serverError / total,
      cut: day.cut / total,
    },
    retryAfterSeconds: [[day.retryAfterSeconds, 1]],
    latencyMs: { p10: slower(q.p10), p50: slower(q.p50), p90: slower(q.p90), p99: slower(q.p99), max: slower(q.max) },
    incidents: [],
  };
}

const row = (name: string): FaultProfile => {
  const found = profiles.find((p) => p.provider === name);
  if (!found) throw new Error(`profiles.test has no row for ${name}`);
  return found;
};

describe('DoD-1 the worst case is bounded, whatever the providers do', () => {
  it(`ends every call within ${seconds(TARGETS.maxMs)} when the hosted providers hang, throttle, fail or crawl`, async () => {
    const [openai, mistral, ollama, offline] = ['openai', 'mistral', 'ollama', 'offline'].map(row) as [
      FaultProfile,
      FaultProfile,
      FaultProfile,
      FaultProfile,
    ];
    // A chain that cannot be built fails here, in plain words, not as a property's counterexample.
    await simulateTraffic(buildChain, profiles, { requests: 1, meanGapMs: 2_000, seed: 1 });
    await fc.assert(
      fc.asyncProperty(aBadDay, aBadDay, aBadDay, fc.nat(), async (a, b, c, seed) => {
        const days = [having(openai, a), having(mistral, b), having(ollama, c), offline];
        const day = await simulateTraffic(buildChain, days, { requests: 30, meanGapMs: 2_000, seed });
        const worst = [...day.outcomes].sort((x, y) => y.latencyMs - x.latencyMs)[0];
        const trail = worst?.attempts
          .map((t) => `${t.provider} ${t.outcome} ${Math.round(t.durationMs)} ms`)
          .join(' → ');
        expect(day.maxMs, `a call took ${seconds(day.maxMs)}: ${trail}`).toBeLessThanOrEqual(TARGETS.maxMs);
      }),
      { numRuns: 20 },
    );
  });
});

describe('DoD-1 end to end through the real clients: a bad minute on every hosted provider', () => {
  it('streams an answer within the bound despite a 429 asking for 20 s, 5xx, a hang and a cut stream', async () => {
    const emulated = emulatedProviders(network);
    emulated.openai.fail({ fault: 'rate_limit', retryAfterSeconds: 20 });
    emulated.openai.fail({ fault: 'server_error', status: 503 });
    emulated.mistral.fail({ fault: 'timeout' });
    emulated.mistral.fail({ fault: 'stream_cut', afterChunks: 1 });
    network.ollama.fail({ fault: 'server_error', status: 503 });
    const clock = new VirtualClock();
    const chain = buildChain(emulated.providers, { clock, random: seededRandom(3) });

    const opened = await settle(chain.openStream(question), clock, () => Math.min(1, emulated.mistral.requests.length));
    const events: ChatStreamEvent[] = [];
    if (opened.ok) for await (const event of drain(opened.value.value)) events.push(event);

    const why = opened.ok ? '' : String((opened.error as Error).message);
    expect(opened.ok, `the call failed: ${why}`).toBe(true);
    const report = (opened as { value: Reported<OpenedStream> }).value;
    const finish = events.at(-1);
    expect(finish?.type, 'the stream ends with its finish event').toBe('finish');
    expect(clock.now(), `the user waited ${seconds(clock.now())}`).toBeLessThanOrEqual(TARGETS.maxMs);
    expect(report.attempts.at(-1), 'the report ends with the answering attempt').toMatchObject({
      provider: report.provider,
      outcome: 'success',
    });
    const sent = emulated.sentModels();
    expect(new Set(sent.openai), 'OpenAI is only ever asked for the pinned snapshot').toEqual(
      new Set(sent.openai.length ? [PINNED_MODELS.openai] : []),
    );
    expect(new Set(sent.mistral)).toEqual(new Set(sent.mistral.length ? [PINNED_MODELS.mistral] : []));
  });
});
