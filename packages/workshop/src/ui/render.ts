import { styleText } from 'node:util';
import { formatMetric, meetsTarget } from '@workshop/testkit/metric-format';
import type { Lab } from '../labs/repo.ts';
import type { Progress } from '../results/progress.ts';
import type { CheckpointResult, LabResult } from '../results/schema.ts';

type Style = Parameters<typeof styleText>[0];
const paint = (style: Style, text: string) => styleText(style, text, { stream: process.stdout });

/** `[■■■■□□□□] 4/8` */
export function bar(done: number, total: number, width = 20): string {
  const filled = total === 0 ? 0 : Math.round((done / total) * width);
  return `[${paint('green', '■'.repeat(filled))}${paint('gray', '□'.repeat(width - filled))}] ${done}/${total}`;
}

export function passedCount(result: LabResult | undefined): number {
  return result?.checkpoints.filter((checkpoint) => checkpoint.status === 'pass').length ?? 0;
}

function statusMark(result: LabResult | undefined): string {
  if (!result) return paint('gray', '·');
  if (result.status === 'pass') return paint('green', '✔');
  if (result.status === 'error') return paint('red', '!');
  return paint('yellow', '✗');
}

/** The lab list with a progress bar per lab and overall, from saved progress. */
export function renderList(labs: Lab[], progress: Progress): string {
  const width = Math.max(...labs.map((lab) => lab.id.length));
  const lines = labs.map((lab) => {
    const result = progress.labs[lab.id];
    const total = lab.manifest.checkpoints.length;
    return `${statusMark(result)} ${lab.id.padEnd(width)}  ${bar(passedCount(result), total, 10)}  ${lab.manifest.title}`;
  });
  const done = labs.reduce((sum, lab) => sum + passedCount(progress.labs[lab.id]), 0);
  const total = labs.reduce((sum, lab) => sum + lab.manifest.checkpoints.length, 0);
  lines.push('', `Overall ${bar(done, total)}`);
  return lines.join('\n');
}

/** `tpr 0.87 (≥ 0.85) · false flags 0.03 (≤ 0.05)`, each green when it meets its target. */
export function renderMetrics(checkpoint: CheckpointResult): string {
  return (checkpoint.metrics ?? [])
    .map((metric) => {
      const met = metric.target === undefined ? undefined : meetsTarget(metric.value, metric.target);
      return paint(met === undefined ? 'cyan' : met ? 'green' : 'yellow', formatMetric(metric));
    })
    .join(paint('gray', ' · '));
}

/** One lab's checkpoints with their measured KPIs; the first failing one with its message. */
export function renderLabResult(result: LabResult): string {
  const lines = [
    `${statusMark(result)} ${paint('bold', result.id)} — ${result.title}  ${bar(passedCount(result), result.checkpoints.length, 10)}`,
  ];
  if (result.status === 'error' && result.message) lines.push(`  ${paint('red', result.message)}`);
  let shownFailure = false;
  for (const checkpoint of result.checkpoints) {
    const mark = checkpoint.status === 'pass' ? paint('green', '✓') : paint('red', '✗');
    const metrics = renderMetrics(checkpoint);
    lines.push(`  ${mark} ${checkpoint.id} ${checkpoint.title}${metrics ? `  ${metrics}` : ''}`);
    if (checkpoint.status === 'fail' && !shownFailure && result.status !== 'error') {
      lines.push(`      ${paint('yellow', checkpoint.message)}`);
      shownFailure = true;
    }
  }
  return lines.join('\n');
}
