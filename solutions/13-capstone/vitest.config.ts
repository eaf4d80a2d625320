import path from 'node:path';
import { defineConfig } from 'vitest/config';

// The solution's own tests: the page in a real browser, the output guard on every path, identity,
// shared state (Redis included), the cluster, tracing and the fixed defects. The DoD tests live in
// labs/13-capstone/test; their harness (`support.ts`) is reused here with `@lab` on this solution.
export default defineConfig({
  resolve: {
    alias: [{ find: /^@lab\/(.*)$/, replacement: `${path.join(import.meta.dirname, 'src')}/$1` }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Some tests spawn service processes and a Redis server; in CI every package's suite runs at once
    // on two cores, and a cold start can take tens of seconds there.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
