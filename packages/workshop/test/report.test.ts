import { submissionSchema } from '@workshop/dashboard';
import { describe, expect, it } from 'vitest';
import type { ParticipantReport } from '../src/report/build.ts';
import { copyFixture, runCli } from './helpers.ts';

describe('workshop report', () => {
  it('prints the saved progress as the v1 verify JSON plus who and when, which the dashboard accepts', async () => {
    const run = await runCli(['report', '--name', 'Ana Lima'], await copyFixture());
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as ParticipantReport;
    expect(report).toMatchObject({ version: 1, target: 'labs', participant: { name: 'Ana Lima' } });
    expect(Date.parse(report.generatedAt)).not.toBeNaN();
    expect(report.labs.map((lab) => [lab.id, lab.status, lab.checkedAt])).toEqual([
      ['01-demo', 'fail', '2026-11-25T17:59:18.602Z'],
    ]);
    expect(report.labs[0]?.checkpoints.map((c) => [c.id, c.status])).toEqual([
      ['DoD-1', 'fail'],
      ['DoD-2', 'fail'],
    ]);
    expect(report.labs[0]?.checkpoints[1]?.metrics).toEqual([
      { name: 'exact', value: 0.667, target: '>= 1', unit: 'ratio' },
    ]);
    expect(submissionSchema.safeParse(report).success).toBe(true);
  });

  it('takes the name from WORKSHOP_NAME when --name is absent', async () => {
    const run = await runCli(['report'], await copyFixture(), { WORKSHOP_NAME: 'Bo' });
    expect(JSON.parse(run.stdout).participant).toEqual({ name: 'Bo' });
  });

  it('summarises in Markdown with the open checkpoints and their messages', async () => {
    const run = await runCli(['report', '--format', 'md', '--name', 'Ana | Lima'], await copyFixture());
    expect(run.stdout).toContain('# Workshop progress — Ana \\| Lima');
    expect(run.stdout).toContain('0/2 checkpoints passed in 1 checked lab(s)');
    expect(run.stdout).toContain('| 01-demo — Demo lab | ❌ fail | 0/2 | 2026-11-25T17:59:18.602Z |');
    expect(run.stdout).toContain('- DoD-1 add() adds — add > adds two numbers: TODO: implement add');
    expect(run.stdout).toContain('## Measured\n\n- 01-demo DoD-2: exact 0.667 (≥ 1)');
  });

  it('makes a self-contained HTML page in which markup in a name stays text', async () => {
    const run = await runCli(
      ['report', '--format', 'html', '--name', '<script>alert(1)</script>'],
      await copyFixture(),
    );
    expect(run.stdout).toMatch(/^<!doctype html>/);
    expect(run.stdout).not.toContain('<script>');
    expect(run.stdout).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(run.stdout).not.toMatch(/(src|href)=/);
    expect(run.stdout).toContain('add &gt; adds two numbers: TODO: implement add');
    expect(run.stdout).toContain('<td>exact 0.667 (≥ 1)</td>');
  });

  it('rejects an unknown format in one line', async () => {
    const run = await runCli(['report', '--format', 'pdf'], await copyFixture());
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('workshop: --format must be "json", "md" or "html", got "pdf"\n');
  });
});
