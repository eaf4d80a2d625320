import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll } from 'vitest';

const here = import.meta.dirname;
const bin = path.resolve(here, '../src/bin.ts');
export const fixtureRepo = path.join(here, 'fixtures', 'repo');

/** What a CLI run printed and how it exited. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI (`node src/bin.ts …`) in `cwd`, as a participant would. */
export function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/**
 * The progress a participant has after one `verify` of the untouched starter, with a fixed time,
 * so that commands reading saved progress (hint, report, submit) see the same state everywhere.
 */
export const SAVED_PROGRESS = {
  version: 1,
  labs: {
    '01-demo': {
      id: '01-demo',
      title: 'Demo lab',
      status: 'fail',
      checkpoints: [
        { id: 'DoD-1', title: 'add() adds', status: 'fail', message: 'add > adds two numbers: TODO: implement add' },
        {
          id: 'DoD-2',
          title: 'mean() averages, and rejects an empty list',
          status: 'fail',
          message: 'mean > is exact on the test split: exact 0.667 misses the target >= 1',
          metrics: [{ name: 'exact', value: 0.667, target: '>= 1', unit: 'ratio' }],
        },
      ],
      checkedAt: '2026-11-25T17:59:18.602Z',
    },
  },
};

/**
 * A private copy of the fixture workshop that a test may break, with `SAVED_PROGRESS` saved. It lives inside this package
 * (not in /tmp) so that the copied tests still resolve `vitest` from node_modules.
 */
export async function copyFixture(): Promise<string> {
  const parent = path.join(here, '.tmp');
  await mkdir(parent, { recursive: true });
  const dir = await mkdtemp(path.join(parent, 'repo-'));
  await cp(fixtureRepo, dir, { recursive: true });
  await mkdir(path.join(dir, '.workshop'), { recursive: true });
  await writeFile(path.join(dir, '.workshop', 'progress.json'), `${JSON.stringify(SAVED_PROGRESS, null, 2)}\n`);
  copies.push(dir);
  return dir;
}

const copies: string[] = [];
afterAll(async () => {
  await Promise.all(copies.map((dir) => rm(dir, { recursive: true, force: true })));
});
