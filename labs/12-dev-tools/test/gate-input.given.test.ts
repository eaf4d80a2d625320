import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { main } from '@lab/cli.ts';
import { describe, expect, it } from 'vitest';
import { KEYWORD_SUITE, tempDir } from './helpers.ts';

/** Runs the CLI in-process and captures what it prints. */
async function cli(args: string[], cwd: string) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(args, { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l), cwd });
  return { code, stdout, stderr };
}

// Given code (not a checkpoint): runs in the lab's `pnpm test` against the solution.
describe('gate input errors (given)', () => {
  it('bad input exits 2 with one line naming the flag or file', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'broken.json'), '{"version": 1}');
    const broken = await cli(['gate', '--report', 'broken.json'], dir);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toHaveLength(1);
    expect(broken.stderr[0]).toContain('broken.json');
    const flag = await cli(['gate', '--report', 'broken.json', '--min-pass-rate', 'high'], dir);
    expect(flag.code).toBe(2);
    expect(flag.stderr[0]).toContain('--min-pass-rate');
    const missing = await cli(['run', '--suite', KEYWORD_SUITE], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr[0]).toContain('--dataset');
  });
});
