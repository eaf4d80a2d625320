import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { main } from '@lab/cli.ts';
import { type EvalReport, evaluateGate } from '@lab/index.ts';
import { describe, expect, it } from 'vitest';
import { INJECTION_DATASET, KEYWORD_SUITE, tempDir } from './helpers.ts';
import { handMadeReport } from './run-fixture.ts';

/** A copy of a report with a different overall pass rate. */
function withPassRate(report: EvalReport, value: number): EvalReport {
  return { ...report, passRate: { ...report.passRate, value } };
}

/** Runs the CLI in-process and captures what it prints. */
async function cli(args: string[], cwd: string) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(args, { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l), cwd });
  return { code, stdout, stderr };
}

describe('DoD-7 a CI gate: thresholds and regressions against a saved baseline, as an exit code', () => {
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

  it('a drop against the baseline beyond the allowed one is a regression, naming the cases that broke', () => {
    const baseline = withPassRate(report, 0.6);
    expect(evaluateGate(report, { baseline, maxDrop: 0.1 }).ok).toBe(true);
    const strict = evaluateGate(report, { baseline, maxDrop: 0.05 });
    expect(strict.ok).toBe(false);
    expect(strict.reasons[0]).toMatch(/fell from 60\.0% to 50\.0%/);
    // Same figures as the baseline: no regression.
    expect(evaluateGate(report, { baseline: report }).ok).toBe(true);

    // `flaky` passed every trial in the baseline and fails one now.
    const flakyFixed: EvalReport = {
      ...report,
      passRate: { ...report.passRate, value: 4 / 6, successes: 4 },
      cases: report.cases.map((c) =>
        c.id === 'flaky' ? { ...c, passedTrials: 2, trials: c.trials.map((t) => ({ ...t, passed: true })) } : c,
      ),
    };
    const broke = evaluateGate(report, { baseline: flakyFixed });
    expect(broke.ok).toBe(false);
    expect(broke.regressedCases).toEqual(['flaky']);
    expect(broke.reasons.join(' ')).toContain('flaky');
  });

  it('`gate` compares a saved report with a baseline and exits 0 or 1 with a one-line reason', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'report.json'), JSON.stringify(report));
    const same = await cli(
      ['gate', '--report', 'report.json', '--baseline', 'report.json', '--min-pass-rate', '0.5'],
      dir,
    );
    expect(same).toMatchObject({ code: 0, stderr: [] });
    expect(same.stdout.join('\n')).toContain('50.0%');

    await writeFile(path.join(dir, 'better.json'), JSON.stringify(withPassRate(report, 0.9)));
    const worse = await cli(['gate', '--report', 'report.json', '--baseline', 'better.json', '--max-drop', '0.1'], dir);
    expect(worse.code).toBe(1);
    expect(worse.stderr).toHaveLength(1);
    expect(worse.stderr[0]).toMatch(/^gate failed: pass rate fell from 90\.0% to 50\.0% \(allowed drop 10\.0%\)/);

    const low = await cli(['gate', '--report', 'report.json', '--min-pass-rate', '0.8'], dir);
    expect(low.code).toBe(1);
    expect(low.stderr).toEqual(['gate failed: pass rate 50.0% (3/6) is below the minimum 80.0%']);
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
    expect(await readFile(html, 'utf8')).toContain('<svg');
    // The saved report is the next run's baseline: same target, no regression → exit 0.
    const again = await cli([...args, '--baseline', out], dir);
    expect(again).toMatchObject({ code: 0, stderr: [] });
  });
});
