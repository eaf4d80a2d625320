/**
 * DoD-1: when the SLO's error budget is threatened enough to wake someone (a page), when it only
 * needs a look in working hours (a ticket), and when to stay quiet.
 *
 * Budget spent, not burn rate, decides: an hour of errors at 3 a.m. with a tenth of the day's
 * traffic is a high burn rate but a small dent in 28 days, and the labels (and the SLO) count
 * budget. Each rule pairs a long window (enough budget gone to matter) with a short one (it is
 * still going on), so a page stops soon after the incident does and one old burst cannot page for
 * an hour. Thresholds follow the budget shares of the labels: 2 % in an hour or 5 % in six hours
 * pages, 10 % in three days tickets (dev report: node labs/13-capstone/src/dev-report.ts).
 */
import type { AlertLevel, BurnView } from './slo/slo.ts';

/** A rule: `spent` of the budget within `longMinutes`, still spending at that pace over `shortMinutes`. */
const RULES: readonly { level: 'page' | 'ticket'; spent: number; longMinutes: number; shortMinutes: number }[] = [
  { level: 'page', spent: 0.02, longMinutes: 60, shortMinutes: 5 },
  { level: 'page', spent: 0.05, longMinutes: 360, shortMinutes: 30 },
  { level: 'ticket', spent: 0.1, longMinutes: 3 * 1_440, shortMinutes: 360 },
];

/** The alert this minute calls for. */
export function decideAlert(view: BurnView): AlertLevel {
  let level: AlertLevel = 'none';
  for (const rule of RULES) {
    const pace = (rule.spent * rule.shortMinutes) / rule.longMinutes;
    if (view.budgetSpent(rule.longMinutes) >= rule.spent && view.budgetSpent(rule.shortMinutes) >= pace) {
      if (rule.level === 'page') return 'page';
      level = 'ticket';
    }
  }
  return level;
}
