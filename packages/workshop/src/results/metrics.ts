import { TARGET_PATTERN } from '@workshop/testkit/metric-format';
import { z } from 'zod';
import type { TestOutcome } from '../runner/run-tests.ts';
import type { MetricResult } from './schema.ts';

/** What `expectMetric` / `reportMetric` (`@workshop/testkit`) leave on a test. */
export const metricSchema = z
  .object({
    name: z.string().min(1).max(60),
    value: z.number().finite(),
    target: z.string().regex(TARGET_PATTERN, 'must be a comparison and a number, e.g. ">= 0.85"').optional(),
    unit: z.string().min(1).max(20).optional(),
  })
  .strict();

const metricsSchema = z.array(metricSchema).max(20);

/** The metrics of a checkpoint's tests, or the one-line problem that names the test file. */
export function checkpointMetrics(
  tests: TestOutcome[],
): { metrics: MetricResult[]; problem?: undefined } | { metrics?: undefined; problem: string } {
  const metrics: MetricResult[] = [];
  for (const test of tests) {
    if (test.metrics === undefined) continue;
    const parsed = metricsSchema.safeParse(test.metrics);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `metrics.${issue.path.join('.')}: ` : '';
      return { problem: `${test.file}: malformed metric in "${test.fullName}": ${where}${issue?.message}` };
    }
    metrics.push(...parsed.data);
  }
  return { metrics };
}
