import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
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
 * A private copy of the fixture workshop that a test may break. It lives inside this package
 * (not in /tmp) so that the copied tests still resolve `vitest` from node_modules.
 */
export async function copyFixture(): Promise<string> {
  const parent = path.join(here, '.tmp');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(parent, { recursive: true });
  const dir = await mkdtemp(path.join(parent, 'repo-'));
  await cp(fixtureRepo, dir, { recursive: true });
  copies.push(dir);
  return dir;
}

const copies: string[] = [];
afterAll(async () => {
  await Promise.all(copies.map((dir) => rm(dir, { recursive: true, force: true })));
});
