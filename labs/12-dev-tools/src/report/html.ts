import type { Score } from '../types.ts';
import type { EvalReport } from './json.ts';
import { barChart, escapeHtml } from './svg.ts';

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f24;max-width:960px}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
.figures{display:flex;gap:2rem;flex-wrap:wrap}.figure b{display:block;font-size:1.3rem}
svg text{font:12px system-ui,sans-serif;fill:#1b1f24}svg .tick{fill:#656d76}
svg .bar{fill:#54aeff}svg .ci{stroke:#0a3069;stroke-width:1.5}pre{white-space:pre-wrap;margin:0;max-width:420px}
.fail{color:#cf222e}`;

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/**
 * The report as one self-contained HTML page: headline figures with their intervals, inline
 * SVG charts (pass rate per scorer with Wilson whiskers, mean scores with bootstrap whiskers,
 * pass@k when there are repeated trials) and the failing trials with their outputs. Every
 * string from the run is escaped: outputs come from a model and may contain markup.
 */
export function renderHtml(report: EvalReport): string {
  // TODO: charts, with `barChart(rows, { title })` from ./svg.ts (rows are { label, value, low?, high? }):
  //       1. pass rate: a row 'all scorers' from report.passRate, then one row per scorer from s.passRate
  //          (a Proportion already has value/low/high, so `{ label, ...proportion }` works);
  //       2. mean score: one row per scorer from s.mean, with `format: (v) => v.toFixed(3)`;
  //       3. only when report.trials > 1: pass@k, one row per entry of report.passAtK (label `pass@<k>`).
  //       Put each under a heading with `section(heading, svg)`.
  // TODO: headline figures with `figure(label, value, note)`: pass rate with its 95% CI and successes/total,
  //       cases × trials with the error count, cost with tokens, latency p50 with p95.
  // TODO: a table of the failing trials (case id, trial number + 1, `failedScores(t.scores, t.error)`,
  //       the output in <pre>, at most 500 characters). ESCAPE every string from the run with `escapeHtml`
  //       — outputs come from a model and may contain markup. No failing trials → '<p>No failing trials.</p>'.
  // TODO: return `<!doctype html>` + one page: <meta charset="utf-8">, <title>, <style>${STYLE}</style> and the
  //       parts above. No <script>, no <link>, no external URLs: the file must open anywhere on its own.
  void report;
  void barChart;
  void escapeHtml;
  void pct;
  void STYLE;
  void section;
  void figure;
  void failedScores;
  throw new Error('TODO: renderHtml — one self-contained page with inline SVG charts (DoD-6)');
}

function section(heading: string, body: string): string {
  return `<h2>${escapeHtml(heading)}</h2>${body}`;
}

function figure(label: string, value: string, note: string): string {
  return `<div class="figure">${escapeHtml(label)}<b>${escapeHtml(value)}</b>${escapeHtml(note)}</div>`;
}

function failedScores(scores: Record<string, Score>, error: string | undefined): string {
  if (error !== undefined) return `<span class="fail">target error: ${escapeHtml(error)}</span>`;
  return Object.entries(scores)
    .filter(([, s]) => !s.passed)
    .map(([name, s]) => `<span class="fail">${escapeHtml(name)}</span>: ${escapeHtml(s.detail)}`)
    .join('<br>');
}
