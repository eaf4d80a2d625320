import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { main } from '@lab/cli.ts';
import { EvalConfigError, type EvalReport, evaluateGate } from '@lab/index.ts';
import { describe, expect, it } from 'vitest';
import { INJECTION_DATASET, KEYWORD_SUITE, tempDir } from './helpers.ts';
import { handMadeReport, reportOfCases } from './run-fixture.ts';

/** Runs the CLI in-process and captures what it prints. */
async function cli(args: string[], cwd: string) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(args, { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l), cwd });
  return { code, stdout, stderr };
}

const passing = (n: number, failing: number) => Array.from({ length: n }, (_, i) => i >= failing);

// Given code (not a checkpoint): runs in the lab's `pnpm test` against the solution.
describe('CI gate (given): thresholds, the baseline on the same dataset, exit codes', () => {
  const report = handMadeReport(); // pass rate 0.5 (3/6), per scorer 0.5

  it('thresholds fail with a reason that names the figure and the limit', () => {
    expect(evaluateGate(report, { minPassRate: 0.5 })).toMatchObject({ ok: true, reasons: [] });
    const low = evaluateGate(report, { minPassRate: 0.8 });
    expect(low.ok).toBe(false);
    expect(low.reasons[0]).toMatch(/pass rate 50\.0% \(3\/6\) is below the minimum 80\.0%/);
    const perScorer = evaluateGate(report, { minScorerPassRate: { judge: 0.6, exact: 0.5 } });
    expect(perScorer.ok).toBe(false);
    expect(perScorer.reasons).toHaveLength(1);
    expect(perScorer.reasons[0]).toContain('judge');
    expect(() => evaluateGate(report, { minPassRate: 80 })).toThrow(/minPassRate/);
  });

  it('the baseline is compared case by case, and the broken cases are named', () => {
    expect(evaluateGate(report, { baseline: report }).ok).toBe(true);
    const baseline = reportOfCases(passing(40, 0));
    const broken = evaluateGate(reportOfCases(passing(40, 12)), { baseline });
    expect(broken.ok).toBe(false);
    expect(broken.comparison?.regressed).toBe(true);
    expect(broken.reasons[0]).toMatch(/^worse than the baseline: /);
    expect(broken.regressedCases).toHaveLength(12);
    expect(broken.reasons.at(-1)).toMatch(/^newly failing: case-0, case-1, .* and 7 more$/);
  });

  it('a baseline built on another dataset is refused with both hashes', () => {
    const other = { ...report, datasetHash: 'a'.repeat(64) };
    expect(() => evaluateGate(report, { baseline: other })).toThrow(EvalConfigError);
    expect(() => evaluateGate(report, { baseline: other })).toThrow(/aaaaaaaaaaaa.*ffffffffffff/);
  });

  it('`gate` compares a saved report with a baseline and exits 0, 1 or 2 with a one-line reason', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'report.json'), JSON.stringify(report));
    const same = await cli(
      ['gate', '--report', 'report.json', '--baseline', 'report.json', '--min-pass-rate', '0.5'],
      dir,
    );
    expect(same).toMatchObject({ code: 0, stderr: [] });
    expect(same.stdout.join('\n')).toContain('50.0%');

    const low = await cli(['gate', '--report', 'report.json', '--min-pass-rate', '0.8'], dir);
    expect(low.code).toBe(1);
    expect(low.stderr).toEqual(['gate failed: pass rate 50.0% (3/6) is below the minimum 80.0%']);

    await writeFile(path.join(dir, 'other.json'), JSON.stringify({ ...report, datasetHash: 'a'.repeat(64) }));
    const other = await cli(['gate', '--report', 'report.json', '--baseline', 'other.json'], dir);
    expect(other.code).toBe(2);
    expect(other.stderr).toHaveLength(1);
    expect(other.stderr[0]).toMatch(
      /^error: the baseline was built on dataset aaaaaaaaaaaa, this report on ffffffffffff/,
    );

    const old: EvalReport = { ...report, version: 1 };
    await writeFile(path.join(dir, 'old.json'), JSON.stringify(old));
    const v1 = await cli(['gate', '--report', 'report.json', '--baseline', 'old.json'], dir);
    expect(v1.code).toBe(2);
    expect(v1.stderr[0]).toMatch(/old\.json: a version 1 report has no dataset hash/);
  });

  it('`run` evaluates a suite on a dataset end to end, writes both reports and gates the result', async () => {
    const dir = await tempDir();
    const out = path.join(dir, 'report.json');
    const html = path.join(dir, 'report.html');
    const args = ['run', '--suite', KEYWORD_SUITE, '--dataset', INJECTION_DATASET, '--out', out, '--html', html];
    const failed = await cli([...args, '--min-pass-rate', '0.99'], dir);
    expect(failed.stderr).toHaveLength(1);
    expect(failed.stderr[0]).toMatch(/^gate failed: pass rate \d+\.\d% \(\d+\/38\) is below the minimum 99\.0%$/);
    expect(failed.code).toBe(1);
    const saved = JSON.parse(await readFile(out, 'utf8')) as EvalReport;
    expect(saved).toMatchObject({ caseCount: 38, name: 'injection-keyword-baseline' });
    expect(saved.datasetHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await readFile(html, 'utf8')).toContain('<svg');
    // The saved report is the next run's baseline: same target, same dataset, no regression → exit 0.
    const again = await cli([...args, '--baseline', out], dir);
    expect(again).toMatchObject({ code: 0, stderr: [] });
  });
});
