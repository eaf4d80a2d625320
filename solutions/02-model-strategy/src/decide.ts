/**
 * The pick: among the candidates that pass every criterion, the cheapest per successful task
 * wins. If none passes, nothing is chosen: the closest miss is named so the team knows what to
 * work on, but a spec that nothing meets is a finding, not a formality to override.
 */
import { checkCandidate, failureReason, lostToChosen } from './criteria.ts';
import type { AcceptanceSpec } from './spec.ts';
import type { CandidateReport, CandidateVerdict, Decision } from './types.ts';

/** Compare strings by code unit, not locale, so the ranking is the same on every machine. */
function byName(a: CandidateVerdict, b: CandidateVerdict): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Passing candidates: cheapest per successful task (what the business pays), then fastest p95, then name. */
function cheapestFirst(a: CandidateVerdict, b: CandidateVerdict): number {
  const cost = (a.report.costPerSuccessUsd ?? Infinity) - (b.report.costPerSuccessUsd ?? Infinity);
  if (cost !== 0) return cost;
  const p95 = a.report.latency.p95 - b.report.latency.p95;
  return p95 !== 0 ? p95 : byName(a, b);
}

const failures = (v: CandidateVerdict) => v.criteria.filter((c) => !c.pass).length;
const totalShortfall = (v: CandidateVerdict) => v.criteria.reduce((sum, c) => sum + c.shortfall, 0);

/** Failing candidates, closest first: fewest failed criteria, then smallest total shortfall, then name. */
function closestFirst(a: CandidateVerdict, b: CandidateVerdict): number {
  const count = failures(a) - failures(b);
  if (count !== 0) return count;
  const sa = totalShortfall(a);
  const sb = totalShortfall(b);
  // Infinity - Infinity is NaN: two unfixable misses are equally far, so fall through to the name.
  if (sa !== sb) return sa < sb ? -1 : 1;
  return byName(a, b);
}

/** Check every report against `spec`, rank the candidates and choose one, or none. */
export function decide(spec: AcceptanceSpec, reports: readonly CandidateReport[]): Decision {
  if (reports.length === 0) throw new Error('decide: no candidate reports to decide between');
  const names = new Set(reports.map((r) => r.name));
  if (names.size !== reports.length) throw new Error('decide: two candidate reports share a name');

  const verdicts = reports.map((report) => checkCandidate(spec, report));
  const passing = verdicts.filter((v) => v.passesAll).sort(cheapestFirst);
  const failing = verdicts.filter((v) => !v.passesAll).sort(closestFirst);
  const chosen = passing[0];
  const ranked = [...passing, ...failing];
  return {
    task: spec.task,
    verdicts: ranked,
    chosen: chosen?.name ?? null,
    runnersUp: ranked
      .filter((v) => v !== chosen)
      .map((v) => ({ name: v.name, reason: v.passesAll && chosen ? lostToChosen(v, chosen) : failureReason(v) })),
    closestMiss: chosen ? null : (failing[0]?.name ?? null),
  };
}
