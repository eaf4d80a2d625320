/**
 * Benchmark: the guards' latency per prompt, in process, over the dataset texts.
 *
 *   node solutions/06-safety/bench/guard.bench.ts
 *
 * Target: < 1 ms median for the input guard. For comparison, the (archived) LLM Guard's DeBERTa
 * prompt-injection scanner is documented at 104–213 ms per prompt on a CPU.
 */

import { loadInjectionRows } from '../src/injection/dataset.ts';
import { detectInjection } from '../src/injection/detect.ts';
import { loadPiiRecords } from '../src/pii/evaluation.ts';
import { redactPII } from '../src/pii/redact.ts';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

function measure(name: string, texts: string[], run: (text: string) => unknown, rounds = 5): number {
  for (const text of texts) run(text); // warm-up: JIT, and the weights load on first use
  const samples: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const text of texts) {
      const start = process.hrtime.bigint();
      run(text);
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  samples.sort((a, b) => a - b);
  const median = percentile(samples, 50);
  const chars = texts.reduce((n, t) => n + t.length, 0) / texts.length;
  console.log(
    `${name.padEnd(34)} n=${String(samples.length).padStart(5)}  median ${median.toFixed(3)} ms  p95 ${percentile(samples, 95).toFixed(3)} ms  p99 ${percentile(samples, 99).toFixed(3)} ms  (avg ${chars.toFixed(0)} chars)`,
  );
  return median;
}

const prompts = loadInjectionRows().map((r) => r.text);
const started = process.hrtime.bigint();
detectInjection('warm up'); // loads src/model/weights.json
console.log(`weights load: ${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(1)} ms (once per process)`);
const injection = measure('detectInjection (input guard)', prompts, detectInjection);
measure(
  'redactPII (output guard)',
  loadPiiRecords().map((r) => r.text),
  redactPII,
);
measure('both guards on the prompts', prompts, (t) => [detectInjection(t), redactPII(t)]);
console.log(
  `input guard median ${injection.toFixed(3)} ms vs 104–213 ms documented for LLM Guard's DeBERTa scanner on CPU: ${Math.round(104 / injection)}–${Math.round(213 / injection)}× faster (target < 1 ms: ${injection < 1 ? 'met' : 'MISSED'})`,
);
