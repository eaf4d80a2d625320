import { InvalidInputError } from '@lab/errors.ts';
import { measureLatency, percentile } from '@lab/latency.ts';
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { selfHostedModel, sequenceClock } from './support.ts';

const network = useMockNetwork();

describe('DoD-5 latency: nearest-rank percentiles', () => {
  it('p50 and p95 of 1..20 ms are 10 and 19 ms, whatever the order of the samples', () => {
    const samples = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(percentile(samples, 50)).toBe(10);
    expect(percentile(samples, 95)).toBe(19);
    expect(percentile(samples, 100)).toBe(20);
    expect(samples[0], 'the samples are not sorted in place').toBe(20);
  });

  it('one slow call in ten is the p95 but not the p50', () => {
    const samples = [100, 110, 90, 105, 95, 2_000, 100, 98, 102, 101];
    expect(percentile(samples, 50)).toBe(100);
    expect(percentile(samples, 95)).toBe(2_000);
  });

  it('refuses no samples and a percentile outside (0, 100] with a clear error', () => {
    expect(() => percentile([], 50)).toThrow(InvalidInputError);
    expect(() => percentile([1, 2], 0)).toThrow(/percentile/);
    expect(() => percentile([1, 2], 101)).toThrow(/percentile/);
  });
});

describe('DoD-5 latency: measured against the self-hosted model', () => {
  it('times each call with two clock reads, keeps the warm-up apart, and computes the statistics', async () => {
    network.ollama.script(
      { content: 'cold', usage: { inputTokens: 5, outputTokens: 10 } },
      { content: 'a', usage: { inputTokens: 5, outputTokens: 100 } },
      { content: 'b', usage: { inputTokens: 5, outputTokens: 100 } },
      { content: 'c', usage: { inputTokens: 5, outputTokens: 100 } },
    );
    // Readings (ms): warm-up 0→3,000; then calls of 1,000, 2,000 and 3,000 ms.
    const clock = sequenceClock([0, 3_000, 10_000, 11_000, 20_000, 22_000, 30_000, 33_000]);
    const report = await measureLatency(selfHostedModel(), { prompts: ['p1', 'p2', 'p3'], warmupRuns: 1, clock });
    expect(report.warmupMs).toEqual([3_000]);
    expect(report.samplesMs).toEqual([1_000, 2_000, 3_000]);
    expect(report.p50Ms).toBe(2_000);
    expect(report.p95Ms).toBe(3_000);
    expect(report.maxMs).toBe(3_000);
    // 300 output tokens in 6 s of measured calls; the warm-up's tokens and time do not count.
    expect(report.outputTokensPerSecond).toBeCloseTo(50, 9);
    expect(network.ollama.chatRequests).toHaveLength(4);
  });

  it('sends every prompt to the model, one call each, after the warm-up', async () => {
    await measureLatency(selfHostedModel(), { prompts: ['alpha', 'beta'], warmupRuns: 2 });
    const sent = network.ollama.chatRequests.map((body) => JSON.stringify(body.messages));
    expect(sent).toHaveLength(4);
    expect(sent[2]).toContain('alpha');
    expect(sent[3]).toContain('beta');
  });

  it('under a latency profile with a cold start and a slow tail: cold > p95 > p50', async () => {
    // The file's one real-latency test (the default clock): 200 ms to load the model, then nine
    // fast answers and one slow one — so p95 is the slow call and p50 a fast one. Lower bounds
    // only: a scripted delay cannot be measured as much shorter, but a busy machine adds to it.
    const fast = { content: 'ok', delayMs: 2 };
    const slow = { content: 'ok', delayMs: 60 };
    network.ollama.script({ content: 'loaded', delayMs: 200 }, ...Array(4).fill(fast), slow, ...Array(5).fill(fast));
    const prompts = Array.from({ length: 10 }, (_, i) => `question ${i}`);
    const report = await measureLatency(selfHostedModel(), { prompts });
    expect(report.samplesMs).toHaveLength(10);
    expect(report.warmupMs).toHaveLength(1);
    expect(report.p95Ms).toBeGreaterThan(report.p50Ms);
    expect(report.p95Ms).toBeGreaterThanOrEqual(55);
    expect(report.warmupMs[0] as number).toBeGreaterThan(report.p95Ms);
    expect(report.outputTokensPerSecond).toBeGreaterThan(0);
  });

  it('refuses an empty prompt set before calling the model', async () => {
    await expect(measureLatency(selfHostedModel(), { prompts: [] })).rejects.toThrow(InvalidInputError);
    expect(network.ollama.requests).toHaveLength(0);
  });
});
