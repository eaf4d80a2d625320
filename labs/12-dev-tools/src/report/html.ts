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
  const passRows = [
    { label: 'all scorers', ...report.passRate },
    ...report.scorers.map((s) => ({ label: s.name, ...s.passRate })),
  ];
  const meanRows = report.scorers.map((s) => ({ label: s.name, ...s.mean }));
  const passAtK = Object.entries(report.passAtK).map(([k, value]) => ({ label: `pass@${k}`, value }));

  const charts = [
    section('Pass rate (95% Wilson interval)', barChart(passRows, { title: 'Pass rate by scorer' })),
    section(
      'Mean score (95% bootstrap interval)',
      barChart(meanRows, { title: 'Mean score by scorer', format: (v) => v.toFixed(3) }),
    ),
    report.trials > 1 ? section('pass@k', barChart(passAtK, { title: 'pass@k' })) : '',
  ].join('');

  const failures = report.cases.flatMap((c) =>
    c.trials
      .filter((t) => !t.passed)
      .map(
        (t) =>
          `<tr><td>${escapeHtml(c.id)}</td><td>${t.trial + 1}</td><td>${failedScores(t.scores, t.error)}</td>` +
          `<td><pre>${escapeHtml(t.output.slice(0, 500))}</pre></td></tr>`,
      ),
  );
  const failureTable =
    failures.length === 0
      ? '<p>No failing trials.</p>'
      : `<table><thead><tr><th>case</th><th>trial</th><th>why</th><th>output</th></tr></thead><tbody>${failures.join('')}</tbody></table>`;

  const p = report.passRate;
  const figures = [
    figure('pass rate', `${pct(p.value)}`, `95% CI ${pct(p.low)}–${pct(p.high)} (${p.successes}/${p.total})`),
    figure('cases × trials', `${report.caseCount} × ${report.trials}`, `${report.errorCount} target errors`),
    figure('cost', `$${report.costUsd.toFixed(4)}`, `${report.totalTokens} tokens`),
    figure('latency', `${Math.round(report.latencyMs.p50)} ms`, `p95 ${Math.round(report.latencyMs.p95)} ms`),
  ].join('');

  const title = escapeHtml(report.name);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Eval report: ${title}</title><style>${STYLE}</style></head>
<body><h1>Eval report: ${title}</h1><p>Started ${escapeHtml(report.startedAt)}</p>
<div class="figures">${figures}</div>${charts}
<h2>Failing trials</h2>${failureTable}
</body></html>
`;
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
