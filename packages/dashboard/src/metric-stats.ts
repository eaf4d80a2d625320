import { formatMetricValue, meetsTarget } from '@workshop/testkit/metric-format';
import type { SubmittedMetric } from './schema.ts';

/** How the room does on one KPI of one checkpoint: beside its pass rate on the page. */
export interface MetricStats {
  name: string;
  unit?: string;
  /** The target most participants reported (`>= 0.85`); absent for a KPI shown for information. */
  target?: string;
  /** Participants whose latest submission reports this KPI. */
  reported: number;
  /** How many of them meet `target`; null without a target. */
  meeting: number | null;
  min: number;
  median: number;
  max: number;
  /** The three values as the watch screen shows them (three significant digits, the unit). */
  shown: { min: string; median: string; max: string };
}

/** Per checkpoint, the KPIs reported by the most participants; a participant's invented names stay off the page. */
export const MAX_METRICS_SHOWN = 5;

interface Accumulator {
  name: string;
  unit: string | undefined;
  order: number;
  values: number[];
  targets: Map<string, number>;
}

/** Collects one checkpoint's metrics over the room's participants, then `stats()` sums them up. */
export class MetricCollector {
  /** By name, then one per unit (almost always exactly one). */
  readonly #byName = new Map<string, Accumulator[]>();
  #count = 0;

  /** One participant's metrics for the checkpoint; a name reported twice counts once, with its last value. */
  add(metrics: SubmittedMetric[]): void {
    // Runs for every participant on every summary: no per-call maps or string keys.
    for (const [i, metric] of metrics.entries()) {
      const later = metrics.some((other, j) => j > i && other.name === metric.name && other.unit === metric.unit);
      if (later) continue;
      let units = this.#byName.get(metric.name);
      if (!units) {
        units = [];
        this.#byName.set(metric.name, units);
      }
      let acc = units.find((candidate) => candidate.unit === metric.unit);
      if (!acc) {
        acc = { name: metric.name, unit: metric.unit, order: this.#count++, values: [], targets: new Map() };
        units.push(acc);
      }
      acc.values.push(metric.value);
      if (metric.target) acc.targets.set(metric.target, (acc.targets.get(metric.target) ?? 0) + 1);
    }
  }

  stats(): MetricStats[] {
    return [...this.#byName.values()]
      .flat()
      .sort((a, b) => b.values.length - a.values.length || a.order - b.order)
      .slice(0, MAX_METRICS_SHOWN)
      .sort((a, b) => a.order - b.order)
      .map(summarise);
  }
}

function summarise(acc: Accumulator): MetricStats {
  const values = acc.values.toSorted((a, b) => a - b);
  const middle = values.length >> 1;
  const median =
    values.length % 2 === 1
      ? (values[middle] as number)
      : ((values[middle - 1] as number) + (values[middle] as number)) / 2;
  const min = values[0] as number;
  const max = values[values.length - 1] as number;
  // Participants on an older checkout may carry another target: show the one most of the room has.
  const target = [...acc.targets.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const stats: MetricStats = {
    name: acc.name,
    reported: values.length,
    meeting: target ? values.filter((value) => meetsTarget(value, target)).length : null,
    min,
    median,
    max,
    shown: {
      min: formatMetricValue(min, acc.unit),
      median: formatMetricValue(median, acc.unit),
      max: formatMetricValue(max, acc.unit),
    },
  };
  if (acc.unit !== undefined) stats.unit = acc.unit;
  if (target !== undefined) stats.target = target;
  return stats;
}
