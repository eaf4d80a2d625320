import { evaluateCandidate, evaluateCandidates } from '@lab/evaluate.ts';
import { OpenAIChatModel } from '@workshop/llm';
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { GOLDEN, scriptedCandidate, USAGE, VirtualClock } from './support.ts';

const network = useMockNetwork();

describe('DoD-3 the evaluator runs every golden case through each candidate and measures it', () => {
  it('sends every golden case, in order, to the real client and grades each answer', async () => {
    const candidate = scriptedCandidate(network, {
      name: 'mini',
      model: 'gpt-4o-mini',
      baseURL: 'http://candidate-a.test/v1',
      wrong: ['T03', 'T09'],
    });
    const report = await evaluateCandidate(candidate, GOLDEN);

    const emulator = network.openaiCompatible('http://candidate-a.test/v1');
    expect(emulator.chatRequests).toHaveLength(GOLDEN.length);
    emulator.chatRequests.forEach((body, i) => {
      const messages = body.messages as { role: string; content: string }[];
      expect(messages.at(-1)?.content, `request ${i + 1} carries golden case ${GOLDEN[i]?.id}`).toBe(GOLDEN[i]?.input);
      expect(body.model).toBe('gpt-4o-mini');
    });

    expect(report.name).toBe('mini');
    expect(report.modelId).toBe('gpt-4o-mini');
    expect(report.total).toBe(12);
    expect(report.successes).toBe(10);
    expect(report.successRate).toBeCloseTo(10 / 12, 10);
    expect(report.cases.map((c) => c.caseId)).toEqual(GOLDEN.map((c) => c.id));
    expect(report.cases.filter((c) => !c.passed).map((c) => c.caseId)).toEqual(['T03', 'T09']);
    expect(report.cases.find((c) => c.caseId === 'T03')?.reason).toMatch(/category/);
    expect(report.tokens).toEqual({
      inputTokens: USAGE.inputTokens * 12,
      outputTokens: USAGE.outputTokens * 12,
      totalTokens: (USAGE.inputTokens + USAGE.outputTokens) * 12,
    });
    expect(report.contextWindow).toBe(128_000);
  });

  it('times each call with the clock and reports nearest-rank p50 / p95 / p99', async () => {
    const clock = new VirtualClock();
    const timings = [120, 80, 95, 300, 110, 90, 100, 105, 85, 130, 98, 500];
    const candidate = scriptedCandidate(
      network,
      { name: 'timed', model: 'gpt-4o-mini', baseURL: 'http://candidate-a.test/v1', latencies: timings },
      GOLDEN,
      clock,
    );
    const report = await evaluateCandidate(candidate, GOLDEN, { now: clock.now });

    expect(report.cases.map((c) => c.latencyMs)).toEqual(timings);
    // sorted: 80 85 90 95 98 100 105 110 120 130 300 500 → rank 6, 12, 12
    expect(report.latency).toEqual({ p50: 100, p95: 500, p99: 500 });
  });

  it('measures real timings by default: a slow endpoint shows up in its percentiles', async () => {
    // The one real-latency test of the lab: two cases and a short delay keep it cheap.
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

    const [fastReport, slowReport] = await evaluateCandidates([fast, slow], golden);
    // Lower bounds only: a scripted 100 ms delay cannot be measured as much less.
    expect(slowReport?.latency.p50).toBeGreaterThanOrEqual(95);
    expect(slowReport?.cases.every((c) => c.latencyMs >= 95)).toBe(true);
    expect(slowReport?.latency.p50).toBeGreaterThan(fastReport?.latency.p50 ?? Infinity);
  });

  it('counts a provider error as a failed task and carries on with the rest', async () => {
    const candidate = scriptedCandidate(
      network,
      { name: 'flaky', model: 'gpt-4o-mini', baseURL: 'http://candidate-c.test/v1' },
      GOLDEN.slice(2),
    );
    // The first two calls fail with 503; the scripted answers serve the ten after them.
    network.openaiCompatible('http://candidate-c.test/v1').fail({ fault: 'server_error', status: 503 }, 2);
    const report = await evaluateCandidate(candidate, GOLDEN);

    expect(report.total).toBe(12);
    expect(report.errors).toBe(2);
    expect(report.successes).toBe(10);
    expect(report.cases.slice(0, 2).map((c) => [c.passed, c.error])).toEqual([
      [false, 'unavailable'],
      [false, 'unavailable'],
    ]);
    expect(report.cases[0]?.reason).toMatch(/unavailable|503/);
  });

  it('rejects an empty golden set and duplicate candidate names', async () => {
    const model = new OpenAIChatModel({ model: 'gpt-4o-mini', baseURL: 'http://candidate-a.test/v1' });
    const candidate = { name: 'mini', model, hosting: 'external' as const };
    await expect(evaluateCandidate(candidate, [])).rejects.toThrow(/empty/);
    await expect(evaluateCandidates([candidate, candidate], GOLDEN.slice(0, 1))).rejects.toThrow(/duplicate.*mini/);
    expect(network.requests).toHaveLength(0);
  });
});
