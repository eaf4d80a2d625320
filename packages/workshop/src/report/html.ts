import { formatMetric } from '@workshop/testkit/metric-format';
import type { ParticipantReport } from './build.ts';

/** Every participant- or compiler-supplied string goes through this before it enters the page. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const STYLE = `
body{font-family:system-ui,sans-serif;max-width:900px;margin:2rem auto;padding:0 1rem;color:#1f2328}
h1{font-size:1.5rem}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #d0d7de;padding:.4rem;text-align:left;vertical-align:top}
.pass{color:#1a7f37}.fail{color:#cf222e}.error{color:#9a6700}.msg{color:#656d76;font-size:.9em;white-space:pre-wrap}
`;

/**
 * `workshop report --format html`: one self-contained file (no scripts, no external resources),
 * safe to open or attach even when names or messages contain markup.
 */
export function renderHtml(report: ParticipantReport): string {
  const e = escapeHtml;
  const passed = report.labs.reduce((sum, lab) => sum + lab.checkpoints.filter((c) => c.status === 'pass').length, 0);
  const total = report.labs.reduce((sum, lab) => sum + lab.checkpoints.length, 0);
  const rows = report.labs
    .map((lab) => {
      const checkpoints = lab.checkpoints
        .map(
          (c) =>
            `<tr><td>${e(c.id)}</td><td>${e(c.title)}</td><td class="${c.status}">${c.status}</td>` +
            `<td>${e((c.metrics ?? []).map(formatMetric).join(' · '))}</td><td class="msg">${e(c.message)}</td></tr>`,
        )
        .join('\n');
      const error = lab.status === 'error' && lab.message ? `<p class="msg">${e(lab.message)}</p>` : '';
      return (
        `<h2>${e(lab.id)} — ${e(lab.title)} <span class="${lab.status}">${lab.status}</span></h2>${error}\n` +
        `<p class="msg">Last checked ${e(lab.checkedAt)}</p>\n` +
        `<table><thead><tr><th>Checkpoint</th><th>Title</th><th>Status</th><th>Measured</th><th>Message</th></tr></thead>\n<tbody>${checkpoints}</tbody></table>`
      );
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Workshop progress — ${e(report.participant.name)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Workshop progress — ${e(report.participant.name)}</h1>
<p>${passed}/${total} checkpoints passed in ${report.labs.length} checked lab(s) · report made ${e(report.generatedAt)}</p>
${rows || '<p>No lab checked yet: run <code>pnpm workshop verify</code> first.</p>'}
</body>
</html>
`;
}
