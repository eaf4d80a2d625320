import { checkLimits, type Limits, type NextAction, SHOP_LIMITS, type Spent } from '@lab/limits.ts';
import { expectMetric } from '@workshop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TARGETS } from '../eval/targets.ts';
import { replayTraces, type TraceFigures, traceSplit } from '../eval/traces.ts';

const DEV_REPORT = 'calibrate on dev: node labs/10-agents/src/dev-report.ts';
const rows = traceSplit('test', import.meta.dirname);
let replayed: TraceFigures | undefined;
const figures = () => {
  replayed ??= replayTraces(rows, checkLimits, SHOP_LIMITS);
  return replayed;
};
const T = TARGETS.limits;

describe('DoD-3 the limits let legitimate runs finish and stop runaways early (test traces)', () => {
  it(`completes at least ${T.completion} of the legitimate runs`, () => {
    const { completion, legit, replays } = figures();
    const failed = replays.filter((r) => r.row.kind === 'legit' && !r.completed);
    const why = failed.map((r) => `${r.row.pattern} (${r.hit?.reason ?? `${r.timedOut} tool timeouts`})`);
    expectMetric(
      { name: 'legit completed', value: completion, target: `>= ${T.completion}`, unit: 'ratio' },
      `${legit} legitimate test runs; stopped: ${why.join(', ')}; ${DEV_REPORT}`,
    );
  });

  it('stops every runaway before it ends by itself', () => {
    const { stopped, runaways, replays } = figures();
    const loose = replays.filter((r) => r.row.kind === 'runaway' && !r.hit).map((r) => r.row.pattern);
    expectMetric(
      { name: 'runaways stopped', value: stopped, target: `== ${T.stopped}`, unit: 'ratio' },
      `${runaways} runaway test runs; never stopped: ${loose.join(', ')}; ${DEV_REPORT}`,
    );
  });

  it('keeps what a runaway burns small: money, active time, and tool calls', () => {
    const { runawayCostUsd, runawaySeconds, replays } = figures();
    const maxCalls = Math.max(0, ...replays.filter((r) => r.row.kind === 'runaway').map((r) => r.spent.toolCalls));
    expectMetric(
      { name: 'runaway cost', value: runawayCostUsd, target: `<= ${T.runawayCostUsd}`, unit: 'usd' },
      `mean over the runaway test runs; ${DEV_REPORT}`,
    );
    expectMetric(
      { name: 'runaway time', value: runawaySeconds, target: `<= ${T.runawaySeconds}`, unit: 's' },
      `mean active seconds over the runaway test runs; ${DEV_REPORT}`,
    );
    expectMetric(
      { name: 'runaway tool calls', value: maxCalls, target: `<= ${T.runawayToolCalls}`, unit: 'count' },
      `the most tool calls one runaway test run executed; ${DEV_REPORT}`,
    );
  });

  it('never lets a run continue once it has spent more than a run that was stopped', () => {
    const spent = fc.record({
      steps: fc.nat(40),
      toolCalls: fc.nat(80),
      usage: fc.nat(200_000).map((t) => ({ inputTokens: t, outputTokens: 0, totalTokens: t })),
      costUsd: fc.double({ min: 0, max: 1, noNaN: true }),
      elapsedMs: fc.nat(600_000),
    });
    const next = fc.constantFrom<NextAction>(
      { kind: 'model' },
      { kind: 'tool', tool: 'lookup_order', sideEffect: false },
      { kind: 'tool', tool: 'refund_order', sideEffect: true },
    );
    const more = (a: Spent, b: Spent): Spent => ({
      steps: a.steps + b.steps,
      toolCalls: a.toolCalls + b.toolCalls,
      usage: {
        inputTokens: a.usage.inputTokens + b.usage.inputTokens,
        outputTokens: 0,
        totalTokens: a.usage.totalTokens + b.usage.totalTokens,
      },
      costUsd: a.costUsd + b.costUsd,
      elapsedMs: a.elapsedMs + b.elapsedMs,
    });
    const limits: Limits = SHOP_LIMITS;
    fc.assert(
      fc.property(spent, spent, next, (a, extra, action) => {
        if (checkLimits(a, limits, action))
          expect(checkLimits(more(a, extra), limits, action), 'spent more, yet allowed').toBeDefined();
      }),
      { numRuns: 300 },
    );
    // And nothing is spent yet: a run may always make its first model call.
    const zero: Spent = {
      steps: 0,
      toolCalls: 0,
      usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
      costUsd: 0,
      elapsedMs: 0,
    };
    expect(checkLimits(zero, limits, { kind: 'model' })).toBeUndefined();
  });
});
