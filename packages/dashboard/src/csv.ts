import { formatMetric } from '@workshop/testkit/metric-format';
import type { LabCatalog } from './catalog.ts';
import type { ParticipantRow } from './store.ts';

/**
 * One CSV cell. Spreadsheet apps run a cell that starts with `=`, `+`, `-`, `@`, tab or carriage
 * return as a formula (CSV injection), so such a cell gets a leading `'`; cells with quotes,
 * commas or line breaks are quoted.
 */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const CSV_HEADER = ['participant', 'lab', 'checkpoint', 'title', 'status', 'submitted_at', 'message', 'metrics'];

/**
 * The room's latest results, one row per participant × checkpoint: easy to pivot in a spreadsheet.
 * Titles come from the manifests; `metrics` reads as on the watch screen: `tpr 0.87 (≥ 0.85); fpr 0.03`.
 */
export function toCsv(rows: ParticipantRow[], catalog: LabCatalog): string {
  const lines = [CSV_HEADER.join(',')];
  for (const row of rows) {
    const submittedAt = new Date(row.latestAt).toISOString();
    for (const lab of row.latest.labs) {
      const known = catalog.lab(lab.id);
      if (!known) continue;
      for (const checkpoint of lab.checkpoints) {
        const title = known.checkpoints.find((c) => c.id === checkpoint.id)?.title;
        if (title === undefined) continue;
        const metrics = (checkpoint.metrics ?? []).map(formatMetric).join('; ');
        lines.push(
          [row.name, lab.id, checkpoint.id, title, checkpoint.status, submittedAt, checkpoint.message, metrics]
            .map(csvCell)
            .join(','),
        );
      }
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
