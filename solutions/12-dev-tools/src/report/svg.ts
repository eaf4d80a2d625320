/**
 * Tiny inline-SVG charts for the HTML report: no chart library, no script, no network,
 * so the report is one file that opens anywhere (a CI artifact, an email attachment).
 */

/** Escapes text for HTML and SVG content and attributes. Model outputs are untrusted. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** One bar: a value in [0, 1], optionally with an interval drawn as a whisker. */
export interface BarRow {
  /** Label left of the bar. */
  label: string;
  /** Bar length, 0..1 of the axis. */
  value: number;
  /** Lower end of the whisker. */
  low?: number;
  /** Upper end of the whisker. */
  high?: number;
}

/** Options of `barChart`. */
export interface BarChartOptions {
  /** Accessible title (`<title>` and `aria-label`). */
  title: string;
  /** Total width in px. Default 640. */
  width?: number;
  /** Format of the value printed right of the bar. Default a percentage. */
  format?: (value: number) => string;
}

const percent = (v: number) => `${(v * 100).toFixed(1)}%`;

/**
 * A horizontal bar chart on a 0..1 axis, with interval whiskers where rows have `low`/`high`.
 * Values outside [0, 1] are clamped for drawing (the printed number stays exact).
 */
export function barChart(rows: readonly BarRow[], options: BarChartOptions): string {
  const width = options.width ?? 640;
  const format = options.format ?? percent;
  const labelWidth = 180;
  const valueWidth = 70;
  const rowHeight = 26;
  const axis = width - labelWidth - valueWidth;
  const height = rows.length * rowHeight + 24;
  const x = (v: number) => labelWidth + Math.max(0, Math.min(1, v)) * axis;
  const parts = rows.map((row, i) => {
    const y = i * rowHeight + 4;
    const mid = y + 9;
    const whisker =
      row.low !== undefined && row.high !== undefined
        ? `<line x1="${x(row.low).toFixed(1)}" y1="${mid}" x2="${x(row.high).toFixed(1)}" y2="${mid}" class="ci"/>` +
          `<line x1="${x(row.low).toFixed(1)}" y1="${mid - 6}" x2="${x(row.low).toFixed(1)}" y2="${mid + 6}" class="ci"/>` +
          `<line x1="${x(row.high).toFixed(1)}" y1="${mid - 6}" x2="${x(row.high).toFixed(1)}" y2="${mid + 6}" class="ci"/>`
        : '';
    return (
      `<text x="${labelWidth - 8}" y="${mid + 4}" text-anchor="end">${escapeHtml(row.label)}</text>` +
      `<rect x="${labelWidth}" y="${y}" width="${(x(row.value) - labelWidth).toFixed(1)}" height="18" class="bar"/>` +
      whisker +
      `<text x="${width - valueWidth + 6}" y="${mid + 4}">${escapeHtml(format(row.value))}</text>`
    );
  });
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((t) => `<text x="${x(t).toFixed(1)}" y="${height - 4}" text-anchor="middle" class="tick">${percent(t)}</text>`)
    .join('');
  const title = escapeHtml(options.title);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${title}">` +
    `<title>${title}</title>${parts.join('')}${ticks}</svg>`
  );
}
