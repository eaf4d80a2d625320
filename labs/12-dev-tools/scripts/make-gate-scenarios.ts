/**
 * Writes fixtures/gate-scenarios.{dev,test}.jsonl: for each dataset size, trials per case and
 * noise level, one no-change candidate and one regression, with its own seed on each split.
 * `broken` is the regression's size: about the smallest breakage a well-powered paired test at
 * the 2.5 % level catches 93 % of the time on that configuration (found by simulation once; a
 * smaller one is not a fair target for any rule on so few cases).
 *
 *   node labs/12-dev-tools/scripts/make-gate-scenarios.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const NOISE = {
  quiet: { flaky: 0.02, solid: 0.995 }, // temperature 0, a pinned model: re-runs rarely differ
  sampled: { flaky: 0.15, solid: 0.97 },
  noisy: { flaky: 0.35, solid: 0.95 },
} as const;

/** broken cases by `${cases}/${trials}/${noise}`. */
const BROKEN: Record<string, number> = {
  '25/1/quiet': 8,
  '25/1/sampled': 11,
  '25/1/noisy': 14,
  '25/3/quiet': 8,
  '25/3/sampled': 11,
  '25/3/noisy': 14,
  '60/1/quiet': 9,
  '60/1/sampled': 14,
  '60/1/noisy': 18,
  '60/3/quiet': 9,
  '60/3/sampled': 14,
  '60/3/noisy': 18,
  '150/1/quiet': 12,
  '150/1/sampled': 20,
  '150/1/noisy': 24,
  '150/3/quiet': 12,
  '150/3/sampled': 21,
  '150/3/noisy': 24,
  '400/1/quiet': 15,
  '400/1/sampled': 27,
  '400/1/noisy': 39,
  '400/3/quiet': 18,
  '400/3/sampled': 31,
  '400/3/noisy': 43,
};

for (const [split, seedBase] of [
  ['dev', 1000],
  ['test', 5000],
] as const) {
  const rows: string[] = [];
  let n = 0;
  for (const cases of [25, 60, 150, 400]) {
    for (const trials of [1, 3]) {
      for (const [noise, shape] of Object.entries(NOISE)) {
        for (const broken of [0, BROKEN[`${cases}/${trials}/${noise}`] ?? 0]) {
          const kind = broken === 0 ? 'no-change' : `regression-${broken}`;
          const id = `${split}-${cases}x${trials}-${noise}-${kind}`;
          rows.push(JSON.stringify({ id, cases, trials, ...shape, hard: 0.1, broken, seed: seedBase + n++ }));
        }
      }
    }
  }
  const file = path.join(import.meta.dirname, '..', 'fixtures', `gate-scenarios.${split}.jsonl`);
  writeFileSync(file, `${rows.join('\n')}\n`);
  console.log(`${file}: ${rows.length} scenarios`);
}
