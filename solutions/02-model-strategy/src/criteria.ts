/**
 * Check one candidate's measurements against the acceptance spec, criterion by criterion,
 * with the required and measured values formatted for the decision record.
 */
import { formatInteger, formatMs, formatPercent, formatUsd } from './format.ts';
import type { AcceptanceSpec } from './spec.ts';
import { type CandidateReport, CRITERIA, type CriterionId, type CriterionResult } from './types.ts';

/** Relative miss of a value that must be at least `min` (0 when it is). */
function belowMin(measured: number, min: number): number {
  return measured >= min ? 0 : (min - measured) / min;
}

/** Relative miss of a value that must be at most `max` (0 when it is). */
function aboveMax(measured: number, max: number): number {
  return measured <= max ? 0 : (measured - max) / max;
}

type Check = Omit<CriterionResult, 'id' | 'label' | 'pass'>;

function checkOne(id: CriterionId, spec: AcceptanceSpec, report: CandidateReport): Check {
  switch (id) {
    case 'successRate':
      return {
        required: `≥ ${formatPercent(spec.minSuccessRate)}`,
        measured: `${formatPercent(report.successRate)} (${report.successes}/${report.total})`,
        shortfall: belowMin(report.successRate, spec.minSuccessRate),
      };
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
