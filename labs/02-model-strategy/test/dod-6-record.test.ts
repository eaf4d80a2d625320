import { decide } from '@lab/decide.ts';
import { renderDecisionRecord } from '@lab/record.ts';
import type { CandidateReport, Decision } from '@lab/types.ts';
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { baseSpec, evaluateScenario, once } from './support.ts';

const network = useMockNetwork();

// The scenario is evaluated once per order (60 real client calls each); every test decides and
// renders from its own copy of the reports, so no test can change what another one sees.
const forward = once(() => evaluateScenario(network));
const reordered = once(() => evaluateScenario(network, ['nano', 'local', 'premium', 'mini', 'balanced']));
const scenario = async (): Promise<CandidateReport[]> => structuredClone(await forward());

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
  }
}

describe('DoD-6 the decision record is an ADR with every measurement, deterministic for the same inputs', () => {
  it('shows each criterion with its measured value and result for every candidate, and the choice', async () => {
    const decision = decide(baseSpec(), await scenario());
    const record = renderDecisionRecord(decision);

    expect(record.split('\n')[0]).toMatch(/^# .*support-ticket triage/);
    expectCriteriaRows(record, decision);
    const decisionText = section(record, '## Decision');
    expect(decisionText).toContain('Chosen: **mini**');
    const runnersUp = section(record, '## Runners-up');
    for (const r of decision.runnersUp) expect(runnersUp).toContain(`- **${r.name}**: ${r.reason}`);
  });

  it('is byte-identical for the same inputs, whatever order the candidates came in', async () => {
    const first = renderDecisionRecord(decide(baseSpec(), await scenario()));
    const again = renderDecisionRecord(decide(baseSpec(), await scenario()));
    // A second, real evaluation in another order: the record must not change with either.
    const fromReordered = renderDecisionRecord(decide(baseSpec(), await reordered()));
    expect(again).toBe(first);
    expect(fromReordered).toBe(first);
  });

  it('says so when no candidate passes, names the closest miss and chooses none', async () => {
    const decision = decide(baseSpec({ minSuccessRate: 0.95, maxP95LatencyMs: 300 }), await scenario());
    const record = renderDecisionRecord(decision);

    const decisionText = section(record, '## Decision');
    expect(decisionText).toContain('Chosen: none');
    expect(decisionText).toContain('No candidate meets the acceptance criteria');
    expect(decisionText).toContain('Closest miss: **mini**');
    expect(record).not.toMatch(/Chosen: \*\*/);
    expectCriteriaRows(record, decision);
  });
});
