/**
 * The pick: which candidate to ship, given what each one measured against the spec, or none.
 */
import type { AcceptanceSpec } from './spec.ts';
import type { CandidateReport, Decision } from './types.ts';

/** Check every report against `spec`, rank the candidates and choose one, or none. */
export function decide(spec: AcceptanceSpec, reports: readonly CandidateReport[]): Decision {
  // TODO (DoD-3): choose the model to ship. Only a candidate that passes every criterion may be
  //   chosen (checkCandidate in src/criteria.ts says which do); among those, decide what "cheapest"
  //   means for a task that sometimes fails. When none passes, decide what the team gets instead.
  //   Every other candidate is a runner-up with its reason (failureReason, lostToChosen), and the
  //   result must not depend on the order of the reports (test/dod-3-pick.test.ts).
  void spec;
  void reports;
  throw new Error('TODO: decide — choose the candidate to ship, or none (see src/decide.ts)');
}
