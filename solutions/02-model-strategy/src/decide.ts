/**
 * The decision: among the candidates that pass every criterion, the cheapest per successful
 * task wins. If none passes, nothing is chosen — the closest miss is named so the team knows
 * what to work on, but a spec that nothing meets is a finding, not a formality to override.
 */
import { checkCriteria } from './criteria.ts';
import { formatMs, formatUsd } from './format.ts';
import type { AcceptanceSpec } from './spec.ts';
import type { CandidateReport, CandidateVerdict, Decision, RunnerUp } from './types.ts';

/** Compare strings by code unit, not locale, so the ranking is the same on every machine. */
function byName(a: CandidateVerdict, b: CandidateVerdict): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Passing candidates: cheapest per successful task, then fastest p95, then name. */
function rankPassing(a: CandidateVerdict, b: CandidateVerdict): number {
  const cost = (a.report.costPerSuccessUsd ?? Infinity) - (b.report.costPerSuccessUsd ?? Infinity);
  if (cost !== 0) return cost;
  const p95 = a.report.latency.p95 - b.report.latency.p95;
  return p95 !== 0 ? p95 : byName(a, b);
}

function failures(verdict: CandidateVerdict): number {
  return verdict.criteria.filter((c) => !c.pass).length;
}

function totalShortfall(verdict: CandidateVerdict): number {
  return verdict.criteria.reduce((sum, c) => sum + c.shortfall, 0);
}

/** Failing candidates, closest first: fewest failed criteria, then smallest total shortfall, then name. */
function rankFailing(a: CandidateVerdict, b: CandidateVerdict): number {
  const count = failures(a) - failures(b);
  if (count !== 0) return count;
  const sa = totalShortfall(a);
  const sb = totalShortfall(b);
  // Infinity - Infinity is NaN: two unfixable misses are equally far, so fall through to the name.
  if (sa !== sb) return sa < sb ? -1 : 1;
  return byName(a, b);
}

/** "fails Success rate (75.0% (9/12), required ≥ 90.0%); …" */
function failureReason(verdict: CandidateVerdict): string {
  const failed = verdict.criteria.filter((c) => !c.pass);
  return `fails ${failed.map((c) => `${c.label} (${c.measured}, required ${c.required})`).join('; ')}`;
}

/** Why a candidate that passes everything still lost to the chosen one. */
function lostToChosen(verdict: CandidateVerdict, chosen: CandidateVerdict): string {
  const cost = verdict.report.costPerSuccessUsd ?? Infinity;
  const chosenCost = chosen.report.costPerSuccessUsd ?? Infinity;
  if (cost !== chosenCost) {
    return `passes every criterion but costs ${formatUsd(cost)} per successful task vs ${formatUsd(chosenCost)} for ${chosen.name}`;
  }
  if (verdict.report.latency.p95 !== chosen.report.latency.p95) {
    return `passes every criterion at the same cost but its p95 latency is ${formatMs(verdict.report.latency.p95)} vs ${formatMs(chosen.report.latency.p95)} for ${chosen.name}`;
  }
  return `passes every criterion and ties with ${chosen.name} on cost and p95 latency; the tie is broken by name`;
}

/** Check every report against `spec`, rank the candidates and choose one — or none. */
export function decide(spec: AcceptanceSpec, reports: readonly CandidateReport[]): Decision {
  if (reports.length === 0) throw new Error('decide: no candidate reports to decide between');
  const names = new Set<string>();
  for (const { name } of reports) {
    if (names.has(name)) throw new Error(`decide: duplicate candidate name "${name}"`);
    names.add(name);
  }

  const verdicts: CandidateVerdict[] = reports.map((report) => {
    const criteria = checkCriteria(spec, report);
    return { name: report.name, report, criteria, passesAll: criteria.every((c) => c.pass) };
  });
  const passing = verdicts.filter((v) => v.passesAll).sort(rankPassing);
  const failing = verdicts.filter((v) => !v.passesAll).sort(rankFailing);
  const ranked = [...passing, ...failing];

  const chosen = passing[0];
  const runnersUp: RunnerUp[] = ranked
    .filter((v) => v !== chosen)
    .map((v) => ({ name: v.name, reason: v.passesAll && chosen ? lostToChosen(v, chosen) : failureReason(v) }));

  return {
    task: spec.task,
    verdicts: ranked,
    chosen: chosen?.name ?? null,
    runnersUp,
    closestMiss: chosen ? null : (failing[0]?.name ?? null),
  };
}
