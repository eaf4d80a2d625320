import { decide } from '@lab/decide.ts';
import { renderDecisionRecord } from '@lab/record.ts';
import type { Decision } from '@lab/types.ts';
import { describe, expect, it } from 'vitest';
import { baseSpec, report, scenario } from './support.ts';

// Given code (not a checkpoint): runs in the lab's `pnpm test:reference` against the solution.

/** The text from `heading` up to the next heading of the same or a higher level. */
function section(markdown: string, heading: string): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.trim() === heading);
  if (start < 0) throw new Error(`the record has no "${heading}" heading`);
  const level = heading.indexOf(' ');
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && l.indexOf(' ') <= level);
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

function expectCriteriaRows(markdown: string, decision: Decision): void {
  for (const verdict of decision.verdicts) {
    const body = section(markdown, `### ${verdict.name}`);
    for (const c of verdict.criteria) {
      expect(body, `row "${c.label}" of ${verdict.name}`).toContain(
        `| ${c.label} | ${c.required} | ${c.measured} | ${c.pass ? 'pass' : 'FAIL'} |`,
      );
    }
    expect(body).toMatch(/^Evidence: \d+\/\d+, 95% CI /m);
  }
}

describe('decision record (given)', () => {
  it('shows each criterion with its measured value and result for every candidate, and the choice', () => {
    const decision = decide(baseSpec(), scenario());
    const record = renderDecisionRecord(decision);
    expect(record.split('\n')[0]).toBe('# ADR: Model for support-ticket triage');
    expectCriteriaRows(record, decision);
    expect(section(record, '## Decision')).toContain('Chosen: **mini**');
    expect(section(record, '### nano')).toContain('not proven: the budget ran out after 200 trials');
    const runnersUp = section(record, '## Runners-up');
    for (const r of decision.runnersUp) expect(runnersUp).toContain(`- **${r.name}**: ${r.reason}`);
  });

  it('is byte-identical for the same inputs, whatever order the candidates came in, and reads no clock', () => {
    const first = renderDecisionRecord(decide(baseSpec(), scenario()));
    const reversed = renderDecisionRecord(decide(baseSpec(), scenario().reverse()));
    expect(reversed).toBe(first);
    expect(renderDecisionRecord(decide(baseSpec(), scenario()), { date: '2025-03-10' })).toContain(
      '- Date: 2025-03-10',
    );
    expect(first).not.toMatch(/Date:/);
  });

  it('chooses none when nothing is proven, and says the golden set is too small', () => {
    const small = [
      {
        ...report({
          name: 'mini',
          successes: 11,
          total: 12,
          conclusion: 'not proven',
          costPerCallUsd: 0.000072,
          p95: 250,
        }),
        limit: { trials: 12, by: 'golden set' as const },
      },
      {
        ...report({
          name: 'nano',
          successes: 8,
          total: 12,
          conclusion: 'rejected',
          costPerCallUsd: 0.000048,
          p95: 180,
        }),
        limit: { trials: 12, by: 'golden set' as const },
      },
    ];
    const record = renderDecisionRecord(decide(baseSpec(), small));
    const decisionText = section(record, '## Decision');
    expect(decisionText).toContain('Chosen: none');
    expect(decisionText).toContain('Closest miss: **mini**');
    expect(decisionText).toContain('grow the golden set');
    expect(record).not.toMatch(/Chosen: \*\*/);
  });
});
