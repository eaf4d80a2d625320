import { decideAlert } from '@lab/alerting.ts';
import { type AlertScore, scoreAlerts, type TimelineRow } from '@lab/slo/timelines.ts';
import { expectMetric, loadSplit } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';

const rows = loadSplit<TimelineRow>(import.meta.dirname, 'timelines', 'test');
const DEV = 'calibrate on dev: node labs/13-capstone/src/dev-report.ts alerting';

// The test timelines are replayed once per file: every KPI reads the same run.
let scored: AlertScore | undefined;
const score = () => {
  scored ??= scoreAlerts(rows, decideAlert);
  return scored;
};
const misses = (s: AlertScore, kind: string) =>
  s.misses
    .filter((m) => m.includes(kind))
    .slice(0, 3)
    .join('; ') || 'none';

describe('DoD-1 alerting on the error budget (test split: 60 timelines, 240 days)', () => {
  it('pages every page-worthy incident before it has spent a tenth of the 28-day budget', () => {
    const s = score();
    expectMetric(
      { name: 'paged in time', value: s.pagedInTime / s.pageIncidents, target: '>= 0.95', unit: 'ratio' },
      `${s.pagedInTime} of ${s.pageIncidents}; missed: ${misses(s, 'page-worthy')}; ${DEV}`,
    );
  });

  it('raises at most 2 false pages in 240 days', () => {
    const s = score();
    expectMetric(
      { name: 'false pages', value: s.falsePages, target: '<= 2', unit: 'count' },
      `${misses(s, 'false page')}; ${DEV}`,
    );
  });

  it('stops every page within 45 minutes of the end of its incident', () => {
    const s = score();
    expect(s.pageResets.length, `no page-worthy incident paged yet; ${DEV}`).toBeGreaterThan(0);
    const worst = Math.max(...s.pageResets);
    expectMetric(
      { name: 'page still firing after the fix', value: worst, target: '<= 45', unit: 'min' },
      `worst of ${s.pageResets.length} pages; ${DEV}`,
    );
  });

  it('tickets at least 3 in 4 slow burns, with at most 4 false tickets', () => {
    const s = score();
    expectMetric(
      { name: 'slow burns ticketed', value: s.ticketed / s.ticketIncidents, target: '>= 0.75', unit: 'ratio' },
      `${s.ticketed} of ${s.ticketIncidents}; missed: ${misses(s, 'slow burn')}; ${DEV}`,
    );
    expectMetric(
      { name: 'false tickets', value: s.falseTickets, target: '<= 4', unit: 'count' },
      `${misses(s, 'false ticket')}; ${DEV}`,
    );
  });
});
