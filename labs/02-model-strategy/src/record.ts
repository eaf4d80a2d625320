/**
 * The decision record: an ADR in Markdown that shows the bar, what each candidate measured
 * against it, and what was chosen and why. It is a pure function of the decision, so the same
 * inputs give a byte-identical record — diffable in a pull request, reproducible in CI.
 * Given code: the same in the starter and the solution.
 */
import { describeEvidence } from './criteria.ts';
import { formatInteger, formatMs, formatUsd } from './format.ts';
import { markdownTable } from './markdown.ts';
import type { CandidateVerdict, Decision } from './types.ts';

/** Options of the record. */
export interface RecordOptions {
  /** Date line (`YYYY-MM-DD`). Omitted by default: a clock read here would break determinism. */
  date?: string;
}

function decisionSection(decision: Decision): string[] {
  const chosen = decision.verdicts.find((v) => v.name === decision.chosen);
  if (chosen) {
    const cost = chosen.report.costPerSuccessUsd ?? 0;
    return [
      `Chosen: **${chosen.name}**`,
      '',
      `${chosen.name} (${chosen.report.provider}/${chosen.report.modelId}) is the cheapest candidate that passes every criterion, at ${formatUsd(cost)} per successful task.`,
    ];
  }
  const miss = decision.verdicts.find((v) => v.name === decision.closestMiss);
  const lines = ['Chosen: none', '', 'No candidate meets the acceptance criteria, so none is chosen.'];
  if (miss) {
    const failed = miss.criteria.filter((c) => !c.pass);
    lines.push(
      '',
      `Closest miss: **${miss.name}** — ${failed.map((c) => `${c.label} ${c.measured} (required ${c.required})`).join('; ')}.`,
      '',
      notProvenAdvice(miss),
    );
  }
  return lines;
}

/** What to do about the closest miss: more evidence when that is all it lacks, else better candidates. */
function notProvenAdvice(miss: CandidateVerdict): string {
  const failed = miss.criteria.filter((c) => !c.pass);
  const onlyUnproven =
    failed.length === 1 && failed[0]?.id === 'successRate' && miss.report.conclusion === 'not proven';
  if (onlyUnproven && miss.report.limit.by === 'golden set') {
    return `Its evidence ran out with the golden set (${miss.report.limit.trials} cases) before the acceptance rule could decide: grow the golden set and evaluate again; do not ship the closest miss by default.`;
  }
  if (onlyUnproven) {
    return `Its ${miss.report.limit.trials} trials (the budget) were not enough for the acceptance rule to decide: raise the budget or accept the risk explicitly in the spec; do not ship the closest miss by default.`;
  }
  return 'Improve the candidates (prompt, model, hosting) or revisit the spec with the people who own it; do not ship the closest miss by default.';
}

/** One line on how the success rate was settled, and why the trials stopped. */
function evidenceLine(report: CandidateVerdict['report']): string {
  const stopped =
    report.conclusion === 'not proven'
      ? `the ${report.limit.by === 'budget' ? 'budget' : 'golden set'} ran out after ${report.total} trials before the acceptance rule decided`
      : `the acceptance rule ${report.conclusion === 'accepted' ? 'accepted' : 'rejected'} it after ${report.total} trials`;
  return `Evidence: ${describeEvidence(report)} (Wilson interval); ${report.conclusion}: ${stopped}.`;
}

function candidateSection(verdict: CandidateVerdict): string[] {
  const { report } = verdict;
  const failed = verdict.criteria.filter((c) => !c.pass).length;
  const status = failed === 0 ? 'passes every criterion' : `fails ${failed} of ${verdict.criteria.length}`;
  return [
    `### ${verdict.name}`,
    '',
    `${report.provider}/${report.modelId}, ${report.hosting} — ${status}.`,
    '',
    markdownTable(
      ['Criterion', 'Required', 'Measured', 'Result'],
      verdict.criteria.map((c) => [c.label, c.required, c.measured, c.pass ? 'pass' : 'FAIL']),
    ),
    '',
    evidenceLine(report),
    '',
    `Latency p50 / p95 / p99: ${formatMs(report.latency.p50)} / ${formatMs(report.latency.p95)} / ${formatMs(report.latency.p99)}. ` +
      `Tokens: ${formatInteger(report.tokens.inputTokens)} in, ${formatInteger(report.tokens.outputTokens)} out. ` +
      `Total spend: ${report.priced ? formatUsd(report.totalCostUsd) : 'unknown'}. Provider errors: ${report.errors}.`,
    '',
  ];
}

/** Render the decision as an ADR-style Markdown record. */
export function renderDecisionRecord(decision: Decision, options: RecordOptions = {}): string {
  const first = decision.verdicts[0];
  if (!first) throw new Error('renderDecisionRecord: the decision has no candidates');
  const status = decision.chosen ? 'accepted' : 'rejected: no candidate meets the acceptance criteria';

  const lines = [
    `# ADR: Model for ${decision.task}`,
    '',
    `- Status: ${status}`,
    ...(options.date ? [`- Date: ${options.date}`] : []),
    '',
    '## Context',
    '',
    `We need a model for: ${decision.task}. The acceptance criteria below were written before any candidate was measured. ` +
      `${decision.verdicts.length === 1 ? 'The candidate' : `Each of the ${decision.verdicts.length} candidates`} ran golden cases in a seeded random order, one trial at a time, until the acceptance rule ` +
      'accepted or rejected it or its trials ran out; a success rate passes only when the rule accepted it. ' +
      'Latency percentiles are nearest-rank over measured calls, and the spend of failed tasks counts against the cost per successful task.',
    '',
    '## Acceptance criteria',
    '',
    markdownTable(
      ['Criterion', 'Required'],
      first.criteria.map((c) => [c.label, c.required]),
    ),
    '',
    '## Decision',
    '',
    ...decisionSection(decision),
    '',
    '## Candidates',
    '',
    ...decision.verdicts.flatMap(candidateSection),
    '## Runners-up',
    '',
    ...(decision.runnersUp.length === 0
      ? ['None: there was a single candidate.']
      : decision.runnersUp.map((r) => `- **${r.name}**: ${r.reason}`)),
    '',
    '## Consequences',
    '',
    '- Re-run this evaluation whenever a candidate model, the prompt, the golden set or the spec changes; the record must be regenerated, not edited.',
    '- Monitor the same criteria in production (success rate from feedback or sampling, p95 latency, cost per successful task); a breach reopens this decision.',
    '',
  ];
  return lines.join('\n');
}
