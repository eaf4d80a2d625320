/**
 * Check one candidate's measurements against the acceptance spec, criterion by criterion,
 * with the required and measured values formatted for the decision record.
 */
import type { AcceptanceSpec } from './spec.ts';
import type { CandidateReport, CriterionResult } from './types.ts';

/** Check every criterion of `spec` against `report`, in `CRITERIA` order. */
export function checkCriteria(spec: AcceptanceSpec, report: CandidateReport): CriterionResult[] {
  // TODO: return one CriterionResult per entry of CRITERIA (src/types.ts), in that order, with
  //       `required` and `measured` formatted by the helpers in src/format.ts:
  //   successRate    required `≥ 90.0%`        measured `91.7% (11/12)`   pass: rate ≥ min
  //   p95Latency     required `≤ 400 ms`       measured `250 ms`          pass: p95 ≤ max
  //   costPerSuccess required `≤ $0.000500`    measured formatUsd(cost)   pass: cost ≤ max — but an
  //                  unpriced report (`priced: false`) or no success (`costPerSuccessUsd: null`) FAILS
  //                  with a measured text that says why ("unknown…", "n/a…")
  //   contextWindow  required `≥ 16,000 tokens` measured `128,000 tokens` or `unknown` (fails)
  //   privacy        passes when the spec is `external-allowed` or the candidate is `self-hosted`
  //   provider       passes when `spec.allowedProviders` includes `report.provider`
  // TODO: `shortfall`: 0 when it passes; for a failing number, the relative miss
  //       ((min - measured) / min, or (measured - max) / max); `Infinity` for privacy, provider
  //       and unknown values. `pass` is `shortfall === 0`.
  void spec;
  void report;
  throw new Error('TODO: checkCriteria — check the six criteria (see src/criteria.ts)');
}
