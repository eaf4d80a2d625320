import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VerifyReport } from '../src/results/schema.ts';
import { copyFixture, runCli } from './helpers.ts';

describe('workshop verify', () => {
  it('reports every checkpoint of an untouched starter as failed, with a message, and exits 1', async () => {
    const run = await runCli(['verify', '--json'], await copyFixture());
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as VerifyReport;
    expect(report).toMatchObject({ version: 1, target: 'labs' });
    const lab = report.labs[0];
    expect(lab).toMatchObject({ id: '01-demo', title: 'Demo lab', status: 'fail' });
    expect(lab?.checkpoints.map((c) => [c.id, c.status])).toEqual([
      ['DoD-1', 'fail'],
      ['DoD-2', 'fail'],
    ]);
    for (const checkpoint of lab?.checkpoints ?? []) expect(checkpoint.message).toContain('TODO');
  });

  it('reports every checkpoint of the solution as passed and exits 0', async () => {
    const run = await runCli(['verify', '01-demo', '--target', 'solutions', '--json'], await copyFixture());
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as VerifyReport;
    expect(report.target).toBe('solutions');
    expect(report.labs[0]?.status).toBe('pass');
    expect(report.labs[0]?.checkpoints.every((c) => c.status === 'pass' && c.message === '')).toBe(true);
    // The KPI a test measured travels with its checkpoint.
    expect(report.labs[0]?.checkpoints[1]?.metrics).toEqual([
      { name: 'exact', value: 1, target: '>= 1', unit: 'ratio' },
    ]);
    expect(report.labs[0]?.checkpoints[0]).not.toHaveProperty('metrics');
  });

  it('shows a measured KPI next to its checkpoint, also while it misses its target', async () => {
    const repo = await copyFixture();
    const file = path.join(repo, 'labs/01-demo/src/math.ts');
    // Right on two of the three test rows: the metric is reported, and the checkpoint fails on it.
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace(
        "throw new Error('TODO: implement mean');",
        'return _values.length === 2 ? 0 : _values.reduce((s, v) => s + v, 0) / _values.length;',
      ),
    );
    const json = JSON.parse((await runCli(['verify', '--json'], repo)).stdout) as VerifyReport;
    const dod2 = json.labs[0]?.checkpoints[1];
    expect(dod2?.status).toBe('fail');
    expect(dod2?.metrics?.[0]?.value).toBeCloseTo(2 / 3);
    const text = await runCli(['verify'], repo);
    expect(text.stdout).toContain('DoD-2 mean() averages, and rejects an empty list  exact 0.667 (≥ 1)');
  });

  it('passes a checkpoint only when all of its tests pass', async () => {
    const repo = await copyFixture();
    const file = path.join(repo, 'labs/01-demo/src/math.ts');
    const source = await readFile(file, 'utf8');
    // mean() averages but does not reject an empty list: DoD-2 has one passing, one failing test.
    await writeFile(
      file,
      source
        .replace("throw new Error('TODO: implement add');", 'return _a + _b;')
        .replace(
          "throw new Error('TODO: implement mean');",
          'return _values.reduce((s, v) => s + v, 0) / _values.length;',
        ),
    );
    const report = JSON.parse((await runCli(['verify', '--json'], repo)).stdout) as VerifyReport;
    expect(report.labs[0]?.checkpoints.map((c) => c.status)).toEqual(['pass', 'fail']);
    expect(report.labs[0]?.checkpoints[1]?.message).toMatch(/rejects an empty list/);
  });

  it('persists progress from test results between runs', async () => {
    const repo = await copyFixture();
    await runCli(['verify'], repo);
    const list = JSON.parse((await runCli(['list', '--json'], repo)).stdout);
    expect(list.labs[0]).toMatchObject({ id: '01-demo', status: 'fail' });
    expect(list.labs[0].checkpoints.map((c: { status: string }) => c.status)).toEqual(['fail', 'fail']);
  });
});

describe('bad input gets one line that names the file, never a stack trace', () => {
  const expectOneLine = (stderr: string) => {
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  };

  it('a participant file that does not compile is that lab’s error, with the compiler’s message', async () => {
    const repo = await copyFixture();
    await writeFile(
      path.join(repo, 'labs/01-demo/src/math.ts'),
      'export function add(a: number, b: number): number {\n  return a +;\n}\n',
    );
    const run = await runCli(['verify', '--json'], repo);
    expect(run.code).toBe(1);
    const lab = (JSON.parse(run.stdout) as VerifyReport).labs[0];
    expect(lab?.status).toBe('error');
    expect(lab?.message).toMatch(/labs\/01-demo\/src\/math\.ts\(2,\d+\)/);
    expect(lab?.checkpoints.every((c) => c.status === 'fail' && c.message.includes('math.ts'))).toBe(true);
  });

  it('a type error is reported as well, naming file and line', async () => {
    const repo = await copyFixture();
    const file = path.join(repo, 'labs/01-demo/src/math.ts');
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace("throw new Error('TODO: implement add');", "return 'five';"),
    );
    const lab = (JSON.parse((await runCli(['verify', '--json'], repo)).stdout) as VerifyReport).labs[0];
    expect(lab?.status).toBe('error');
    expect(lab?.message).toMatch(/math\.ts\(3,\d+\): error TS2322/);
  });

  it('a malformed manifest', async () => {
    const repo = await copyFixture();
    const file = path.join(repo, 'labs/01-demo/lab.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('id: DoD-2', 'id: step-2'));
    const run = await runCli(['list'], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^workshop: labs\/01-demo\/lab\.yaml: checkpoints\.1\.id: must look like DoD-<n>/);
    expectOneLine(run.stderr);
  });

  it('a malformed metric from a test is the lab’s error, naming the test file', async () => {
    const repo = await copyFixture();
    const file = path.join(repo, 'labs/01-demo/test/bad-metric.test.ts');
    await writeFile(
      file,
      "import { it } from 'vitest';\nit('DoD-1 reports nonsense', ({ task }) => {\n  (task.meta as Record<string, unknown>).metrics = [{ name: 'tpr', value: 'high' }];\n});\n",
    );
    const run = await runCli(['verify', '--json', '--target', 'solutions'], repo);
    const lab = (JSON.parse(run.stdout) as VerifyReport).labs[0];
    expect(lab?.status).toBe('error');
    expect(lab?.message).toBe(
      'labs/01-demo/test/bad-metric.test.ts: malformed metric in "DoD-1 reports nonsense": metrics.0.value: Invalid input: expected number, received string',
    );
  });

  it('a dataset split that is missing', async () => {
    const repo = await copyFixture();
    const { rm } = await import('node:fs/promises');
    await rm(path.join(repo, 'labs/01-demo/fixtures/means.test.jsonl'));
    const run = await runCli(['list'], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'workshop: labs/01-demo/fixtures/means.test.jsonl: missing: the test split of dataset "means" in lab.yaml\n',
    );
  });

  it('a manifest that is not YAML', async () => {
    const repo = await copyFixture();
    await writeFile(path.join(repo, 'labs/01-demo/lab.yaml'), 'id: [unclosed\n');
    const run = await runCli(['list'], repo);
    expect(run.stderr).toMatch(/^workshop: labs\/01-demo\/lab\.yaml: not valid YAML/);
    expectOneLine(run.stderr);
  });

  it('an unknown lab id lists the known ones', async () => {
    const run = await runCli(['verify', '99-nope'], await copyFixture());
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('workshop: unknown lab "99-nope"; known labs: 01-demo\n');
  });

  it('a lab without a solution', async () => {
    const repo = await copyFixture();
    const { rm } = await import('node:fs/promises');
    await rm(path.join(repo, 'solutions'), { recursive: true });
    const run = await runCli(['verify', '--target', 'solutions'], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/lab 01-demo has no solution \(expected solutions\/01-demo\/src\)/);
    expectOneLine(run.stderr);
  });

  it('an unknown option or target', async () => {
    const bad = await runCli(['verify', '--target', 'prod'], await copyFixture());
    expect(bad.stderr).toBe('workshop: --target must be "labs" or "solutions", got "prod"\n');
    const unknown = await runCli(['verify', '--fast'], await copyFixture());
    expect(unknown.code).toBe(2);
    expectOneLine(unknown.stderr);
  });
});
