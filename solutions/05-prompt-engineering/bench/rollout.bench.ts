/**
 * Figures for the README's trade-offs (a benchmark, not a test): bucketing uniformity and cost,
 * and what the guard costs per request (the rollout asks it after every outcome).
 *
 *   node solutions/05-prompt-engineering/bench/rollout.bench.ts
 *
 * The guard's error rates are measured on the simulated canaries by the DoD (test split) and by
 * `src/dev-report.ts` (dev split), not here.
 */
import { bucketOf, guardDecision } from '../src/index.ts';

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

function guard(): void {
  const n = 1_000_000;
  let rollbacks = 0;
  const start = performance.now();
  for (let i = 1; i <= n; i++) {
    const requests = 100 + (i % 5000);
    const decision = guardDecision(
      { requests: 9 * requests, failures: Math.floor(0.02 * 9 * requests) },
      { requests, failures: Math.floor(0.03 * requests) },
      { regression: 0.02 },
    );
    if (decision.action === 'rollback') rollbacks++;
  }
  const perCallNs = ((performance.now() - start) * 1e6) / n;
  console.log(`guardDecision: ${perCallNs.toFixed(0)} ns per call over ${n} calls (${rollbacks} rollbacks)`);
}

bucketing();
guard();
