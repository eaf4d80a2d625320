import { formatMetric } from '@workshop/testkit/metric-format';
import type { ParticipantReport } from './build.ts';

/** Table cells: pipes would split the cell and line breaks would end the row. */
const cell = (text: string) =>
  text
    .replaceAll('\\', '\\\\')
    .replaceAll('|', '\\|')
    .replace(/\s*\n\s*/g, ' ');

const mark = { pass: '✅', fail: '❌', error: '⚠️' } as const;

/** `workshop report --format md`: a summary to paste into a chat or an issue. */
export function renderMarkdown(report: ParticipantReport): string {
  const passed = report.labs.reduce((sum, lab) => sum + lab.checkpoints.filter((c) => c.status === 'pass').length, 0);
  const total = report.labs.reduce((sum, lab) => sum + lab.checkpoints.length, 0);
  const lines = [
    `# Workshop progress — ${cell(report.participant.name)}`,
    '',
    `${passed}/${total} checkpoints passed in ${report.labs.length} checked lab(s) · report made ${report.generatedAt}`,
    '',
  ];
  if (report.labs.length === 0) {
    lines.push('No lab checked yet: run `pnpm workshop verify` (or `pnpm workshop`) first.', '');
    return lines.join('\n');
  }
  lines.push('| Lab | Status | Checkpoints | Last checked |', '| --- | --- | --- | --- |');
  for (const lab of report.labs) {
    const done = lab.checkpoints.filter((c) => c.status === 'pass').length;
    lines.push(
      `| ${cell(`${lab.id} — ${lab.title}`)} | ${mark[lab.status]} ${lab.status} | ${done}/${lab.checkpoints.length} | ${lab.checkedAt} |`,
    );
  }
  const measured = report.labs.flatMap((lab) =>
    lab.checkpoints
      .filter((c) => c.metrics?.length)
      .map((c) => `- ${cell(lab.id)} ${cell(c.id)}: ${cell((c.metrics ?? []).map(formatMetric).join(' · '))}`),
  );
  if (measured.length > 0) lines.push('', '## Measured', '', ...measured);
  const open = report.labs.filter((lab) => lab.status !== 'pass');
  if (open.length > 0) lines.push('', '## Still open');
  for (const lab of open) {
    lines.push('', `### ${cell(lab.id)}`);
    if (lab.status === 'error' && lab.message) lines.push('', `- does not compile: ${cell(lab.message)}`);
    for (const checkpoint of lab.checkpoints.filter((c) => c.status === 'fail')) {
      lines.push(
        `- ${cell(checkpoint.id)} ${cell(checkpoint.title)}${checkpoint.message ? ` — ${cell(checkpoint.message)}` : ''}`,
      );
    }
  }
  lines.push('');
  return lines.join('\n');
}
