/**
 * DoD-5 — Latency as users feel it: p50 and p95 over a prompt set, the cold start apart, and
 * the throughput the break-even calculator needs.
 */
import type { ChatModel } from '@workshop/llm';
import { InvalidInputError } from './errors.ts';
import type { LatencyOptions, LatencyReport } from './types.ts';

/** Nearest-rank percentile: the smallest sample with at least `p`% of the samples at or below it. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new InvalidInputError('percentile of no samples: measure at least one call');
  if (!(p > 0 && p <= 100)) throw new InvalidInputError(`percentile must be in (0, 100], got ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[rank - 1] as number;
}

/**
 * Sends `warmupRuns` calls (kept apart: the first pays the model load), then one call per
 * prompt, one at a time, timing each with two clock reads.
 */
export async function measureLatency(model: ChatModel, options: LatencyOptions): Promise<LatencyReport> {
  const { prompts } = options;
  if (prompts.length === 0) throw new InvalidInputError('measureLatency needs at least one prompt');
  const warmupRuns = options.warmupRuns ?? 1;
  if (!Number.isInteger(warmupRuns) || warmupRuns < 0)
    throw new InvalidInputError(`warmupRuns must be a whole number >= 0, got ${warmupRuns}`);
  const clock = options.clock ?? (() => performance.now());

  const timed = async (prompt: string) => {
    const started = clock();
    const response = await model.generate({
      messages: [{ role: 'user', content: prompt }],
      ...(options.maxOutputTokens !== undefined ? { maxOutputTokens: options.maxOutputTokens } : {}),
    });
    return { ms: clock() - started, outputTokens: response.usage.outputTokens };
  };

  const warmupMs: number[] = [];
  for (let i = 0; i < warmupRuns; i++) warmupMs.push((await timed(prompts[i % prompts.length] as string)).ms);
  const samplesMs: number[] = [];
  let outputTokens = 0;
  for (const prompt of prompts) {
    const call = await timed(prompt);
    samplesMs.push(call.ms);
    outputTokens += call.outputTokens;
  }
  const totalSeconds = samplesMs.reduce((sum, ms) => sum + ms, 0) / 1000;
  return {
    samplesMs,
    warmupMs,
    p50Ms: percentile(samplesMs, 50),
    p95Ms: percentile(samplesMs, 95),
    maxMs: Math.max(...samplesMs),
    outputTokensPerSecond: totalSeconds > 0 ? outputTokens / totalSeconds : 0,
  };
}
