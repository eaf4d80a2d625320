import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { createVitest } from 'vitest/node';
import type { Lab } from '../labs/repo.ts';
import type { Target } from '../results/schema.ts';
import { labAliasPlugin, labOfFile } from './lab-alias.ts';
import { LAB_TEST_OPTIONS, NON_DOD_TESTS } from './vitest-config.ts';
import { WarmThreadsPool } from './warm-pool.ts';

/** One test's outcome, keyed by its full name (`DoD-1 … > …`). */
export interface TestOutcome {
  fullName: string;
  state: 'passed' | 'failed' | 'skipped' | 'pending';
  /** First line of the first error, for failed tests. */
  message: string;
  /** The test file, relative to the repository root. */
  file: string;
  /** What the test put in `meta.metrics` (validated when the lab is scored). */
  metrics?: unknown;
}

/** Everything one run learned about one lab. */
export interface LabTestOutcome {
  tests: TestOutcome[];
  /** Test files that failed to load (syntax error, missing export…), with their message. */
  loadErrors: { file: string; message: string }[];
}

const MAX_MESSAGE = 400;

/** Shortens an error message to what fits on one line of a terminal or a dashboard cell. */
export function summarise(message: string | undefined): string {
  const line = (message ?? '')
    .split('\n')
    .map((part) => part.trim())
    .filter(Boolean)
    .join(' ')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strip ANSI colour codes from vitest messages
    .replace(/\u001b\[[0-9;]*m/g, '');
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
}

const sink = () =>
  new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });

/** The reporter hooks the CLI listens to (vitest's own output is replaced by ours). */
export interface RunListener {
  /** Watch mode: changed files were taken off vitest's queue; a run follows. */
  onWatcherRerun?: () => void;
  onTestRunStart?: () => void;
  /** `modules`: every test module vitest knows; `ran`: the ones this run executed. */
  onTestRunEnd?: (modules: readonly TestModule[], ran: readonly TestModule[]) => void | Promise<void>;
}

/**
 * Test workers in watch mode: one core is left to the CLI and the type-checker, and each worker
 * keeps a warm spare (~100 MB), so at most three. On a 2-core machine: one.
 */
const WATCH_WORKERS = Math.max(1, Math.min(3, availableParallelism() - 1));

/**
 * Options shared by one-shot runs and the long-lived watch session: all selected labs in one
 * vitest project (see `labAliasPlugin`), DoD tests only (live suites are not checkpoints).
 */
export function vitestOptions(root: string, labs: Lab[], target: Target, watch: boolean, reporter: Reporter = {}) {
  const options = {
    root,
    // Transformed test files embed the resolved `@lab` paths, and the on-disk module cache cannot
    // see the alias plugin's target: keep one cache per target so labs and solutions never mix.
    fsModuleCachePath: path.join(root, '.workshop', 'cache', `vitest-${target}`),
    watch,
    config: false as const,
    reporters: [reporter],
    include: labs.map((lab) => `labs/${lab.id}/test/**/*.test.ts`),
    exclude: ['**/node_modules/**', ...NON_DOD_TESTS],
    passWithNoTests: true,
    maxWorkers: watch ? WATCH_WORKERS : 2,
    ...LAB_TEST_OPTIONS,
  };
  // Watch mode re-runs one lab after every save: its next worker is started ahead of time.
  return watch ? { ...options, pool: new WarmThreadsPool(preloadsOf(labs), WATCH_WORKERS) } : options;
}

/**
 * File URLs of the shared workspace packages (`@workshop/*`, but not the CLI) the labs depend
 * on: what a warm test worker loads before it is needed. Through them it also loads openai, msw,
 * zod, ollama and the Qdrant client, with the same ESM entry points the tests will import (a lab's
 * other npm dependencies are left out: `require.resolve` could pick a package's CommonJS build
 * where the tests import its ESM one). Packages that do not resolve are skipped: the tests say so.
 */
export function preloadsOf(labs: Lab[]): string[] {
  const urls = new Set<string>();
  // Modules a lab names in `preload`, as `specifier|parent`: the worker resolves them the way an
  // ESM import from the lab would, which the CLI's own process cannot (see warm-worker-entry.ts).
  for (const lab of labs) {
    const parent = pathToFileURL(path.join(lab.labDir, 'package.json')).href;
    for (const specifier of lab.manifest.preload ?? []) urls.add(`${specifier}|${parent}`);
  }
  for (const lab of labs) {
    const manifest = path.join(lab.labDir, 'package.json');
    if (!existsSync(manifest)) continue;
    const { dependencies = {}, devDependencies = {} } = JSON.parse(readFileSync(manifest, 'utf8')) as {
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    const resolve = createRequire(manifest).resolve;
    for (const name of Object.keys({ ...dependencies, ...devDependencies })) {
      if (!name.startsWith('@workshop/') || name === '@workshop/cli') continue;
      try {
        urls.add(pathToFileURL(resolve(name)).href);
      } catch {
        // Not installed.
      }
    }
  }
  return [...urls];
}

/**
 * Creates a quiet vitest instance over the given labs. The listener always receives every test
 * module vitest knows, not only the ones a watch-mode re-run touched: a save re-runs just the
 * affected files, yet the lab's score must still count the checkpoints of the others.
 */
export async function createLabVitest(
  root: string,
  labs: Lab[],
  target: Target,
  watch: boolean,
  listener?: RunListener,
) {
  let vitest: Vitest | undefined;
  const reporter: Reporter = {
    onWatcherRerun: () => listener?.onWatcherRerun?.(),
    onTestRunStart: () => listener?.onTestRunStart?.(),
    onTestRunEnd: (modules) => listener?.onTestRunEnd?.(vitest ? vitest.state.getTestModules() : modules, modules),
  };
  const options = vitestOptions(root, labs, target, watch, reporter);
  vitest = await createVitest(
    'test',
    options,
    { plugins: [labAliasPlugin(root, target)] },
    { stdout: sink(), stderr: sink() },
  );
  if (options.pool instanceof WarmThreadsPool) {
    const pool = options.pool;
    vitest.onClose(() => pool.close());
  }
  return vitest;
}

/** Groups a finished run's modules by lab (vitest project name = lab id). */
export function collectOutcomes(
  root: string,
  labs: Lab[],
  modules: readonly TestModule[],
): Map<string, LabTestOutcome> {
  const outcomes = new Map<string, LabTestOutcome>(labs.map((lab) => [lab.id, { tests: [], loadErrors: [] }]));
  for (const module of modules) {
    const outcome = outcomes.get(labOfFile(root, module.moduleId) ?? '');
    if (!outcome) continue;
    const moduleErrors = module.errors();
    if (moduleErrors.length > 0) {
      outcome.loadErrors.push({ file: module.relativeModuleId, message: summarise(moduleErrors[0]?.message) });
    }
    for (const test of module.children.allTests()) {
      const result = test.result();
      const { metrics } = test.meta() as { metrics?: unknown };
      outcome.tests.push({
        fullName: test.fullName,
        state: result.state,
        message: result.state === 'failed' ? summarise(result.errors[0]?.message) : '',
        file: module.relativeModuleId,
        ...(metrics === undefined ? {} : { metrics }),
      });
    }
  }
  return outcomes;
}

/** Runs the DoD tests of `labs` against `target` once and returns the outcome per lab. */
export async function runLabTests(root: string, labs: Lab[], target: Target): Promise<Map<string, LabTestOutcome>> {
  const vitest = await createLabVitest(root, labs, target, false);
  try {
    const result = await vitest.start();
    return collectOutcomes(root, labs, result.testModules);
  } finally {
    await vitest.close();
  }
}
