import { WorkshopError } from '../errors.ts';
import { buildReport, participantName } from '../report/build.ts';
import { renderHtml } from '../report/html.ts';
import { renderMarkdown } from '../report/markdown.ts';
import { readProgress } from '../results/progress.ts';
import type { Context } from './context.ts';

export type ReportFormat = 'json' | 'md' | 'html';

export function parseFormat(value: string | undefined): ReportFormat {
  if (value === undefined || value === 'json' || value === 'md' || value === 'html') return value ?? 'json';
  throw new WorkshopError(`--format must be "json", "md" or "html", got "${value}"`);
}

/**
 * `workshop report [--format json|md|html] [--name NAME]`: the participant's saved progress (what
 * the last `verify` or watch re-check found), with who and when, on stdout.
 */
export async function reportCommand(
  context: Context,
  options: { format: ReportFormat; name?: string },
): Promise<number> {
  const report = buildReport(
    context.labs,
    await readProgress(context.root),
    participantName(context.root, options.name),
  );
  const text =
    options.format === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : options.format === 'md'
        ? renderMarkdown(report)
        : renderHtml(report);
  process.stdout.write(text);
  return 0;
}
