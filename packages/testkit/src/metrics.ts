import { expect, TestRunner } from 'vitest';
import { formatMetricValue, type Metric, meetsTarget, parseTarget } from './metrics/format.ts';

export { formatMetric, formatMetricValue, type Metric, meetsTarget, parseTarget } from './metrics/format.ts';

declare module 'vitest' {
  interface TaskMeta {
    /** KPIs the test measured (see `reportMetric`); read by the workshop CLI. */
    metrics?: Metric[];
  }
}

/**
 * Records a KPI on the running test, where the CLI finds it: `pnpm workshop` shows it next to
 * the checkpoint, `verify --json` carries it in `checkpoints[].metrics`, the dashboard shows the
 * room's spread. Call it before asserting, so a participant sees how far they are while the
 * checkpoint still fails.
 */
export function reportMetric(metric: Metric): void {
  const test = TestRunner.getCurrentTest();
  if (!test) throw new Error(`reportMetric("${metric.name}") must be called inside a test`);
  if (!Number.isFinite(metric.value)) {
    throw new Error(`${metric.name} is ${metric.value}: the code under test produced no number`);
  }
  if (metric.target !== undefined) parseTarget(metric.target);
  test.meta.metrics = [...(test.meta.metrics ?? []), metric];
}

/**
 * Reports a KPI, then asserts it meets its target. The failure names the KPI, its value and the
 * target, plus `detail` (which split, how many cases, the first misses) when given.
 */
export function expectMetric(metric: Metric & { target: string }, detail?: string): void {
  reportMetric(metric);
  if (!meetsTarget(metric.value, metric.target)) {
    const value = formatMetricValue(metric.value, metric.unit);
    expect.fail(`${metric.name} ${value} misses the target ${metric.target}${detail ? `: ${detail}` : ''}`);
  }
}
