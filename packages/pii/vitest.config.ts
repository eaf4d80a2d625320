import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CI runs every package's suite at once on two cores: a cold import (the tokenizer, msw) can
    // take seconds there. Speed is measured in `pnpm bench`, never by a test's timeout.
    testTimeout: 30_000,
  },
});
