/**
 * DoD-5 — Latency as users feel it: p50 and p95 over a prompt set, the cold start apart, and
 * the throughput the break-even calculator needs.
 */
import type { ChatModel } from '@workshop/llm';
import type { LatencyOptions, LatencyReport } from './types.ts';

/** Nearest-rank percentile: the smallest sample with at least `p`% of the samples at or below it. */
export function percentile(samples: readonly number[], p: number): number {
  // TODO: no samples, or p outside (0, 100] → throw new InvalidInputError(...) (from './errors.ts')
  //   with a message that contains "percentile".
  // TODO: sort a COPY ascending; rank = ceil(p / 100 × n); return sorted[rank − 1].
  throw new Error(`TODO: percentile p${p} of ${samples.length} samples — see src/latency.ts`);
}

/**
 * Sends `warmupRuns` calls (kept apart: the first pays the model load), then one call per
 * prompt, one at a time, timing each with two clock reads.
 */
export async function measureLatency(model: ChatModel, options: LatencyOptions): Promise<LatencyReport> {
  // TODO: no prompts → InvalidInputError before any call. clock = options.clock ?? (() => performance.now()).
  // TODO: one call = read the clock, `await model.generate({ messages: [{ role: 'user', content: prompt }] })`
  //   (plus maxOutputTokens when set), read the clock again: exactly two reads per call.
  // TODO: first `options.warmupRuns ?? 1` calls (prompt i % prompts.length) → `warmupMs` only; then one call
  //   per prompt, in order → `samplesMs`. p50/p95 with `percentile`, maxMs, and outputTokensPerSecond =
  //   sum of the measured calls' `response.usage.outputTokens` / (sum of samplesMs / 1000).
  throw new Error(
    `TODO: measureLatency of ${model.modelId} over ${options.prompts.length} prompts — see src/latency.ts`,
  );
}
