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

export const CSV_HEADER = ['participant', 'lab', 'checkpoint', 'title', 'status', 'submitted_at', 'message'];

/** The room's latest results, one row per participant × checkpoint: easy to pivot in a spreadsheet. */
export function toCsv(rows: ParticipantRow[]): string {
  const lines = [CSV_HEADER.join(',')];
  for (const row of rows) {
    const submittedAt = new Date(row.latestAt).toISOString();
    for (const lab of row.latest.labs) {
      for (const checkpoint of lab.checkpoints) {
        lines.push(
          [row.name, lab.id, checkpoint.id, checkpoint.title, checkpoint.status, submittedAt, checkpoint.message]
            .map(csvCell)
            .join(','),
        );
      }
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
