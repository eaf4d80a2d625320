import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The fixture workshop's own DoD tests are run by the CLI under test, not by this suite.
    exclude: ['test/fixtures/**', 'test/.tmp/**'],
    testTimeout: 60_000,
  },
});
