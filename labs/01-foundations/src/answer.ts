/**
 * Lookups and rules: answer a parsed intent from the fixture tables. Pure (the clock is an
 * argument), so every answer is reproducible and testable without a model.
 */
import type { Answer, Fixtures, Intent } from './types.ts';

/** Answers `intent` from `data`; `now` decides the return window. Never calls a model. */
export function answerIntent(intent: Intent, data: Fixtures, now: Date): Answer {
  // TODO (DoD-2): switch on `intent.kind` and return the matching Answer (types in src/types.ts):
  //   - order_status: find the order in `data.orders` by id → { order } (null when unknown);
  //     `text` names the order id, and its status when found.
  //   - return_eligibility: apply these rules in order and report the first that decides:
  //       unknown id → 'unknown_order'; finalSale → 'final_sale'; not delivered → 'not_delivered'
  //       (deadline null for all three); otherwise deadline = deliveredAt + data.policy.returnWindowDays
  //       days (UTC, `YYYY-MM-DD`), eligible while now's UTC date <= deadline ('within_window'),
  //       else 'window_closed'.
  //   - convert_currency: result = amount / rates[from] * rates[to], rounded to 2 decimals;
  //     a code missing from `data.rates.rates` → result null and a `text` that names that code.
  //   - password_reset: url = data.policy.passwordResetUrl, and `text` contains it.
  void intent;
  void data;
  void now;
  throw new Error('TODO: answerIntent (DoD-2) — see the TODO in src/answer.ts');
}
