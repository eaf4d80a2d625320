/**
 * KPI targets and their display, shared by the tests that measure them (`expectMetric`) and the
 * CLI that shows them next to a checkpoint. No vitest here: the CLI imports this file alone.
 */

/** A KPI a DoD test measured. */
export interface Metric {
  /** Short name shown to the participant, e.g. `tpr`, `false flags`, `p99 latency`. */
  name: string;
  /** The measured value; always finite. */
  value: number;
  /** What the checkpoint asks for: a comparison and a number, e.g. `>= 0.85`, `<= 0.05`, `== 0`. */
  target?: string;
  /** How to read `value`: `ratio` (0–1), `count`, `ms`, `usd`, `tokens`… */
  unit?: string;
}

/** A comparison and a number: `>= 0.85`, `<= 0.05`, `== 0`, `< 1e-3`. */
export const TARGET_PATTERN = /^(>=|<=|==|>|<)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)$/;

type Op = '>=' | '<=' | '==' | '>' | '<';

/** Parses a target such as `>= 0.85`; throws on anything else (an authoring error). */
export function parseTarget(target: string): { op: Op; bound: number } {
  const match = TARGET_PATTERN.exec(target.trim());
  if (!match) throw new Error(`metric target "${target}" must be a comparison and a number, e.g. ">= 0.85"`);
  return { op: match[1] as Op, bound: Number(match[2]) };
}

/** Whether `value` meets `target`. */
export function meetsTarget(value: number, target: string): boolean {
  const { op, bound } = parseTarget(target);
  if (op === '>=') return value >= bound;
  if (op === '<=') return value <= bound;
  if (op === '>') return value > bound;
  if (op === '<') return value < bound;
  return value === bound;
}

/** Three significant digits, and the unit unless it is a plain ratio or count: `0.823`, `12.3 ms`. */
export function formatMetricValue(value: number, unit?: string): string {
  const shown = Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(3)));
  return unit && unit !== 'ratio' && unit !== 'count' ? `${shown} ${unit}` : shown;
}

/** `tpr 0.82 (≥ 0.85)`: how a metric reads on the watch screen, in reports and on the dashboard. */
export function formatMetric(metric: Metric): string {
  const value = formatMetricValue(metric.value, metric.unit);
  if (!metric.target) return `${metric.name} ${value}`;
  const target = metric.target.replace('>=', '≥').replace('<=', '≤').replace('==', '=').replace(/\s+/, ' ');
  return `${metric.name} ${value} (${target.replace(/^([≥≤=<>])\s*/, '$1 ')})`;
}
