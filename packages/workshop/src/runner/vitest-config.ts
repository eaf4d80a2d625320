import path from 'node:path';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

type LabTestOptions = NonNullable<ViteUserConfig['test']>;

/** Which code the DoD tests run against. */
export type Target = 'labs' | 'solutions';

/** Environment variable the CLI sets to choose the target; `labs` when unset. */
export const TARGET_ENV = 'WORKSHOP_TARGET';

/** Reads the target from the environment, rejecting anything but `labs` or `solutions`. */
export function targetFromEnv(env: NodeJS.ProcessEnv = process.env): Target {
  const value = env[TARGET_ENV] ?? 'labs';
  if (value !== 'labs' && value !== 'solutions') {
    throw new Error(`${TARGET_ENV} must be "labs" or "solutions", got "${value}"`);
  }
  return value;
}

/**
 * Environment variable that switches a lab's config to its suites that are not checkpoints: live
 * suites (`test/**\/*.live.test.ts`, against real services, skipped with a notice when their
 * variable is unset) and tests of given code (`test/**\/*.given.test.ts`: loaders, formats and
 * plumbing the participant does not write, which would pass on the untouched starter). The CLI
 * leaves both out; the lab's own `pnpm test` runs them against the solution.
 */
export const LIVE_ENV = 'WORKSHOP_LIVE';

/** Test files that are not DoD tests (see `LIVE_ENV`). */
export const NON_DOD_TESTS = ['**/*.live.test.ts', '**/*.given.test.ts'];

/** The folder whose `src/` the `@lab` alias points at for this lab and target. */
export function targetSourceDir(labDir: string, target: Target): string {
  const slug = path.basename(labDir);
  const root = path.resolve(labDir, '..', '..');
  return path.join(root, target, slug, 'src');
}

/**
 * Test options every lab runs with, standalone or under the CLI.
 * Workers are reused across test files (`isolate: false`): the openai, msw and zod imports are
 * paid once per worker instead of once per file, which is what keeps a re-check on save fast.
 * The mock network, stubs and mocks are reset between tests, so files stay independent.
 */
export const LAB_TEST_OPTIONS = {
  environment: 'node',
  // The shared packages are loaded by Node itself (type stripping), not through vite's module
  // runner: a worker imports them, and the openai / msw modules behind them, once, and keeps them
  // across test files and watch-mode re-runs.
  server: { deps: { external: [/\/packages\/(llm|testkit|vector|pii|kit)\/src\//] as (string | RegExp)[] } },
  pool: 'threads' as const,
  isolate: false,
  restoreMocks: true,
  unstubEnvs: true,
  unstubGlobals: true,
  testTimeout: 10_000,
  // A participant's infinite loop must not hang the watcher forever.
  teardownTimeout: 2_000,
} satisfies LabTestOptions;

/**
 * The vitest config of one lab. Tests import the code under test as `@lab/<file>.ts`;
 * the alias decides whether that is the participant's starter or the reference solution,
 * so one set of DoD tests serves both.
 */
export function defineLabConfig(
  labDir: string,
  target: Target = targetFromEnv(),
  live: boolean = process.env[LIVE_ENV] === '1',
) {
  return defineConfig({
    resolve: {
      alias: [{ find: /^@lab\/(.*)$/, replacement: `${targetSourceDir(labDir, target)}/$1` }],
    },
    test: {
      name: path.basename(labDir),
      root: labDir,
      include: live ? ['test/**/*.live.test.ts', 'test/**/*.given.test.ts'] : ['test/**/*.test.ts'],
      exclude: live ? [] : NON_DOD_TESTS,
      passWithNoTests: live,
      ...LAB_TEST_OPTIONS,
      // Real models on a laptop can take minutes for a cold start.
      ...(live ? { testTimeout: 180_000 } : {}),
    },
  });
}
