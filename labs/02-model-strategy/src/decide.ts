/**
 * The decision: among the candidates that pass every criterion, the cheapest per successful
 * task wins. If none passes, nothing is chosen — the closest miss is named so the team knows
 * what to work on, but a spec that nothing meets is a finding, not a formality to override.
 */
import type { AcceptanceSpec } from './spec.ts';
import type { CandidateReport, Decision } from './types.ts';

/** Check every report against `spec`, rank the candidates and choose one — or none. */
export function decide(spec: AcceptanceSpec, reports: readonly CandidateReport[]): Decision {
  // TODO: 1. Throw when there are no reports or two share a name.
  // TODO: 2. One CandidateVerdict per report: `criteria = checkCriteria(spec, report)`,
  //          `passesAll` when every criterion passes.
  // TODO: 3. Rank — the ranking must not depend on the input order, so every tie has a rule:
  //          passing candidates first, by costPerSuccessUsd, then p95 latency, then name;
  //          then failing ones, closest first: fewest failed criteria, then smallest total
  //          `shortfall`, then name. Compare names with `<`, not localeCompare (locale-dependent).
  // TODO: 4. `chosen` = the first passing candidate's name, or null. `closestMiss` = the first
  //          failing candidate's name when nothing passes, otherwise null.
  // TODO: 5. `runnersUp`: every other candidate, in ranked order, with a one-line reason —
  //          a passing one: "passes every criterion but costs $X per successful task vs $Y for <chosen>";
  //          a failing one: "fails <label> (<measured>, required <required>); …" for each failed criterion.
  void spec;
  void reports;
  throw new Error('TODO: decide — rank the candidates and choose the cheapest that passes (see src/decide.ts)');
}
