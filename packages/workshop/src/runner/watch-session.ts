import path from 'node:path';
import type { TestModule, Vitest } from 'vitest/node';
import type { Lab } from '../labs/repo.ts';
import type { LabResult, Target } from '../results/schema.ts';
import { collectOutcomes, createLabVitest } from './run-tests.ts';
import type { CompileError } from './typecheck.ts';
import { LiveTypecheck } from './typecheck-live.ts';
import { scoreLab, targetDir } from './verify.ts';

/** What a watch session tells its owner (the `pnpm workshop` screen, the bench). */
/** The two halves of a re-check, which run side by side. */
export type CheckPart = 'tests' | 'types';

/** What a watch session tells its owner (the `pnpm workshop` screen, the bench). */
export interface WatchSessionListener {
  /** A save was seen: the tests or the type-check are running again. */
  onCheckStart?: (part: CheckPart) => void;
  /**
   * One half finished; the result follows when both have. For the tests, `ownMs` is the time
   * spent inside the test files that ran (vitest's per-file durations): the rest is the runner's.
   */
  onCheckEnd?: (part: CheckPart, ownMs?: number) => void;
  /** Tests and type-check have both finished since the last save: the lab's new result. */
  onResult: (result: LabResult) => void | Promise<void>;
}

/** A running watch session over one lab. */
export interface WatchSession {
  /** Re-runs every DoD test of the lab (the `r` key). */
  rerun(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Watches one lab: vitest re-runs the tests a save affects (on a worker started ahead of time)
 * while a live compiler re-checks the lab's types. A result is reported only when both
 * have finished, so a save never shows a score from half of its checks.
 */
export async function startWatchSession(
  root: string,
  lab: Lab,
  target: Target,
  listener: WatchSessionListener,
): Promise<WatchSession> {
  let modules: readonly TestModule[] = [];
  let compileError: CompileError | undefined;
  let testsPending = true;
  let typesPending = true;

  let vitest: Vitest | undefined;
  const settle = async () => {
    // A save the type-check has already answered may still be waiting in vitest's watcher (it
    // debounces by 100 ms): then the tests' result is the one to wait for.
    if (testsPending || typesPending || (vitest?.watcher.changedTests.size ?? 0) > 0) return;
    const outcome = collectOutcomes(root, [lab], modules).get(lab.id) ?? { tests: [], loadErrors: [] };
    await listener.onResult(scoreLab(lab, outcome, compileError));
  };

  const dir = targetDir(lab, target);
  const types = new LiveTypecheck(root, dir, [path.join(dir, 'src'), path.join(lab.labDir, 'test')], {
    onCheckStart: () => {
      typesPending = true;
      listener.onCheckStart?.('types');
    },
    onCheckEnd: (error) => {
      compileError = error;
      typesPending = false;
      listener.onCheckEnd?.('types');
      return settle();
    },
  });

  const testsStart = () => {
    testsPending = true;
    listener.onCheckStart?.('tests');
  };
  vitest = await createLabVitest(root, [lab], target, true, {
    // The first hook fires in the same turn as vitest takes the changed tests off its queue.
    onWatcherRerun: testsStart,
    onTestRunStart: () => {
      if (!testsPending) testsStart();
    },
    onTestRunEnd: (finished, ran) => {
      modules = finished;
      testsPending = false;
      listener.onCheckEnd?.(
        'tests',
        ran.reduce((sum, module) => sum + module.diagnostic().duration, 0),
      );
      return settle();
    },
  });
  const session = vitest;
  await Promise.all([types.start(), session.start()]);

  return {
    rerun: async () => {
      await session.start();
    },
    close: async () => {
      await Promise.all([session.close(), types.close()]);
    },
  };
}
