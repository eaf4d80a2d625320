import { defineConfig } from 'vitest/config';

// The solution's own tests (the page in a real browser). The DoD tests live in labs/13-capstone/test.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
