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
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
