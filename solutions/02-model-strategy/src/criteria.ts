/**
 * Check one candidate's measurements against the acceptance spec, criterion by criterion, with
 * the required and measured values formatted for the decision record, and say in one line why a
 * candidate lost. Given code: the same in the starter and the solution.
 */
import { wilsonInterval } from '@workshop/kit';
import { formatInteger, formatMs, formatPercent, formatUsd } from './format.ts';
import type { AcceptanceSpec } from './spec.ts';
import {
  type CandidateReport,
  type CandidateVerdict,
  CRITERIA,
  type CriterionId,
  type CriterionResult,
} from './types.ts';

/** Relative miss of a value that must be at least `min` (0 when it is). */
function belowMin(measured: number, min: number): number {
  return measured >= min ? 0 : (min - measured) / min;
}

/** Relative miss of a value that must be at most `max` (0 when it is). */
function aboveMax(measured: number, max: number): number {
  return measured <= max ? 0 : (measured - max) / max;
}

/** `11/12, 95% CI 64.6–98.5%`: the evidence and what it can and cannot rule out. */
export function describeEvidence(report: CandidateReport): string {
  const { low, high } = wilsonInterval(report.successes, report.total);
  return `${report.successes}/${report.total}, 95% CI ${(low * 100).toFixed(1)}–${formatPercent(high)}`;
}

type Check = Omit<CriterionResult, 'id' | 'label' | 'pass'>;

function checkOne(id: CriterionId, spec: AcceptanceSpec, report: CandidateReport): Check {
  switch (id) {
    case 'successRate': {
      // Passes on the acceptance rule's conclusion only: a point estimate above the bar is not a proof.
      const accepted = report.conclusion === 'accepted';
      const { low } = wilsonInterval(report.successes, report.total);
      return {
        required: `≥ ${formatPercent(spec.minSuccessRate)}, proven`,
        measured: `${report.conclusion}: ${describeEvidence(report)}`,
        // How far the evidence is from proving the bar, for ranking near misses; never 0 when not accepted.
        shortfall: accepted ? 0 : Math.max(Number.EPSILON, belowMin(low, spec.minSuccessRate)),
      };
    }
    case 'p95Latency':
      return {
        required: `≤ ${formatMs(spec.maxP95LatencyMs)}`,
        measured: formatMs(report.latency.p95),
        shortfall: aboveMax(report.latency.p95, spec.maxP95LatencyMs),
      };
    case 'costPerSuccess': {
      const required = `≤ ${formatUsd(spec.maxCostPerSuccessUsd)}`;
      // An unknown cost is a failure, not a pass: "not in the price table" is not "free".
      if (!report.priced) return { required, measured: 'unknown (not in the price table)', shortfall: Infinity };
      if (report.costPerSuccessUsd === null) {
        return { required, measured: 'n/a (no successful task)', shortfall: Infinity };
      }
      return {
        required,
        measured: formatUsd(report.costPerSuccessUsd),
        shortfall: aboveMax(report.costPerSuccessUsd, spec.maxCostPerSuccessUsd),
      };
    }
    case 'contextWindow': {
      const required = `≥ ${formatInteger(spec.minContextWindow)} tokens`;
      if (report.contextWindow === undefined) return { required, measured: 'unknown', shortfall: Infinity };
      return {
        required,
        measured: `${formatInteger(report.contextWindow)} tokens`,
        shortfall: belowMin(report.contextWindow, spec.minContextWindow),
      };
    }
    case 'privacy': {
      const allowed = spec.privacy === 'external-allowed' || report.hosting === 'self-hosted';
      return {
        required: spec.privacy === 'self-hosted-only' ? 'self-hosted only' : 'external allowed',
        measured: report.hosting === 'self-hosted' ? 'self-hosted' : 'external API',
        shortfall: allowed ? 0 : Infinity,
      };
    }
    case 'provider': {
      const allowed = spec.allowedProviders.includes(report.provider);
      return {
        required: `one of: ${spec.allowedProviders.join(', ')}`,
        measured: report.provider,
        shortfall: allowed ? 0 : Infinity,
      };
    }
  }
}

/** Check every criterion of `spec` against `report`, in `CRITERIA` order. */
export function checkCriteria(spec: AcceptanceSpec, report: CandidateReport): CriterionResult[] {
  return CRITERIA.map(({ id, label }) => {
    const check = checkOne(id, spec, report);
    return { id, label, ...check, pass: check.shortfall === 0 };
  });
}

/** A report with every criterion checked: `passesAll` when each one passes. */
export function checkCandidate(spec: AcceptanceSpec, report: CandidateReport): CandidateVerdict {
  const criteria = checkCriteria(spec, report);
  return { name: report.name, report, criteria, passesAll: criteria.every((c) => c.pass) };
}

/** "fails Success rate (not proven: 11/12, …, required ≥ 90.0%, proven); …" */
export function failureReason(verdict: CandidateVerdict): string {
  const failed = verdict.criteria.filter((c) => !c.pass);
  return `fails ${failed.map((c) => `${c.label} (${c.measured}, required ${c.required})`).join('; ')}`;
}

/** Why a candidate that passes everything still lost to the chosen one. */
export function lostToChosen(verdict: CandidateVerdict, chosen: CandidateVerdict): string {
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
