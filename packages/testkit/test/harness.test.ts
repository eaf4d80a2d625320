import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * Behaviour that shows only in a test run's outcome (a test failed by a hook, a suite
 * skipped with a notice) is checked by running fixture suites in a child vitest.
 */
interface AssertionResult {
  fullName: string;
  status: string;
  failureMessages: string[];
}

let results: AssertionResult[] = [];
let stderr = '';

beforeAll(async () => {
  const out = join(await mkdtemp(join(tmpdir(), 'testkit-')), 'report.json');
  const vitest = fileURLToPath(new URL('./vitest.mjs', import.meta.resolve('vitest/package.json')));
  const env: NodeJS.ProcessEnv = { ...process.env, TESTKIT_FIXTURE_SET: '1' };
  delete env.TESTKIT_FIXTURE_UNSET;
  stderr = await new Promise<string>((resolve) => {
    execFile(
      process.execPath,
      [vitest, 'run', '--config', 'test/fixtures/vitest.config.ts', '--reporter=json', `--outputFile=${out}`],
      { cwd: fileURLToPath(new URL('..', import.meta.url)), env },
      // The child run fails on purpose (one fixture test must fail): read its report either way.
      (_error, _stdout, childStderr) => resolve(childStderr),
    );
  });
  const report = JSON.parse(await readFile(out, 'utf8')) as { testResults: { assertionResults: AssertionResult[] }[] };
  results = report.testResults.flatMap((file) => file.assertionResults);
}, 60_000);

const result = (name: string) => {
  const found = results.find((r) => r.fullName.includes(name));
  if (!found) throw new Error(`no result for "${name}" in: ${results.map((r) => r.fullName).join(' | ')}`);
  return found;
};

describe('useMockNetwork(): unhandled requests', () => {
  it('fail the test even when the code swallowed the error, naming method and URL', () => {
    const swallowed = result('code that swallows the error');
    expect(swallowed.status).toBe('failed');
    expect(swallowed.failureMessages.join('\n')).toContain('POST http://not-emulated.test/v1/things?q=1');
    expect(stderr).toContain('testkit: unhandled request POST http://not-emulated.test/v1/things?q=1');
  });

  it('do not leak into the next test', () => {
    expect(result('the next test starts clean').status).toBe('passed');
  });
});

describe('describeLive()', () => {
  it('skips the suite when its variable is unset, saying which variable to set', () => {
    const skipped = result('would reach a live service');
    expect(skipped.status).toBe('skipped');
    expect(skipped.fullName).toContain('skipped: set TESTKIT_FIXTURE_UNSET to run against a live service');
    expect(stderr).toMatch(/live tests "live suite without its variable" skipped: set TESTKIT_FIXTURE_UNSET/);
  });

  it('runs the suite when its variable is set', () => {
    expect(result('live suite with its variable').status).toBe('passed');
  });
});
