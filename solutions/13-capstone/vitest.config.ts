import { defineConfig } from 'vitest/config';

// The solution's own tests: the whole pipeline (test/service), the page in a real browser, the output
// guard on every path, identity, shared state (Redis included), the cluster, tracing and the fixed
// defects. The lab's DoD tests (labs/13-capstone/test) run against this solution through the workshop
// CLI (`pnpm workshop verify 13 --target solutions`) or the lab's `test:reference` script.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Some tests spawn service processes and a Redis server; in CI every package's suite runs at once
    // on two cores, and a cold start can take tens of seconds there.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
