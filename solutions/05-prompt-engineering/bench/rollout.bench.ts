/**
 * Figures for the README's trade-offs (a benchmark, not a test): bucketing uniformity and cost,
 * and how often the rollback guard fires on an equal canary (false rollbacks) versus how fast it
 * catches a bad one, per `minSamples`. Seeded, so the figures are reproducible.
 *
 *   node solutions/05-prompt-engineering/bench/rollout.bench.ts
 */
import { type Arm, bucketOf, Rollout } from '../src/index.ts';

/** mulberry32: a small seeded PRNG, so every run simulates the same traffic. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function bucketing(): void {
  const n = 100_000;
  const counts = new Array<number>(100).fill(0);
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const b = bucketOf(`user-${i}`, 'support-reply');
    counts[b] = (counts[b] ?? 0) + 1;
  }
  const perCallUs = ((performance.now() - start) * 1000) / n;
  const expected = n / 100;
  const chi2 = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
  console.log(
    `bucketOf over ${n} ids: chi2 ${chi2.toFixed(1)} (df 99, 95% critical 123.2), ` +
      `buckets ${Math.min(...counts)}–${Math.max(...counts)}, ${perCallUs.toFixed(2)} µs per call`,
  );
}

/** One simulated rollout at 10%: baseline at 2% errors, canary at `canaryErrorRate`. */
async function simulate(seed: number, minSamples: number, canaryErrorRate: number, requests: number) {
  const rollout = new Rollout({
    promptId: 'p',
    baselineVersion: '1.0.0',
    canaryVersion: '1.1.0',
    percent: 10,
    guard: { minSamples, maxErrorRateIncrease: 0.05, maxScoreDrop: 0.5 },
    log: () => {},
  });
  const random = seeded(seed);
  for (let i = 0; i < requests; i++) {
    const arm: Arm = random() < 0.1 ? 'canary' : 'baseline';
    const rate = arm === 'canary' ? canaryErrorRate : 0.02;
    const event = await rollout.record({ userId: `u${i}`, bucket: 0, arm, version: '' }, { error: random() < rate });
    if (event) return event.canary.requests;
  }
  return undefined;
}

async function guard(): Promise<void> {
  const runs = 1000;
  for (const minSamples of [30, 50, 100, 200]) {
    let falseRollbacks = 0;
    const caughtAfter: number[] = [];
    for (let seed = 1; seed <= runs; seed++) {
      if ((await simulate(seed, minSamples, 0.02, 20_000)) !== undefined) falseRollbacks++;
      const after = await simulate(seed + 100_000, minSamples, 0.1, 20_000);
      if (after !== undefined) caughtAfter.push(after);
    }
    caughtAfter.sort((a, b) => a - b);
    console.log(
      `minSamples ${minSamples}: false rollbacks ${((100 * falseRollbacks) / runs).toFixed(1)}% of ${runs} equal canaries; ` +
        `a 10%-error canary caught in ${((100 * caughtAfter.length) / runs).toFixed(1)}%, ` +
        `median after ${caughtAfter[Math.floor(caughtAfter.length / 2)]} canary requests`,
    );
  }
}

bucketing();
await guard();
