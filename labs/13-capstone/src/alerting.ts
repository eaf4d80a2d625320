/**
 * DoD-1: when the SLO's error budget is threatened enough to wake someone (a page), when it only
 * needs a look in working hours (a ticket), and when to stay quiet.
 */
import type { AlertLevel, BurnView } from './slo/slo.ts';

/** The alert this minute calls for. */
export function decideAlert(view: BurnView): AlertLevel {
  // TODO (DoD-1): decide, from the windows of the view, when this minute calls for a page, a ticket or
  //   nothing. Page every incident that spends at least 2 % of the 28-day budget within an hour or 5 %
  //   within six hours, before it has spent a tenth of the budget; ticket the slow burns that spend a
  //   tenth in three days; at most 2 false pages on the test split's 240 days, and no page still
  //   firing more than 45 minutes after its incident ended. Judged by
  //   test/dod-1-alerting.test.ts; calibrate on dev only: node labs/13-capstone/src/dev-report.ts
  void view;
  throw new Error('TODO (DoD-1): decide when the error budget calls for a page or a ticket');
}
