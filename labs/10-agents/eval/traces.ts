/**
 * The run traces (`fixtures/traces.{dev,test}.jsonl`): what real runs of the support agent spent,
 * action by action. `replayTrace` plays one through a limit check exactly as the agent's loop
 * asks it (before every model call and every tool call), so a set of limits can be judged on
 * hundreds of runs in milliseconds. Given code.
 */
import type { checkLimits, LimitHit, Limits, Spent } from '@lab/limits.ts';
import { loadSplit, type Split } from '@workshop/testkit/datasets';

export type TraceAction =
  | { model: { inputTokens: number; outputTokens: number; costUsd: number; ms: number } }
  | { tool: string; sideEffect: boolean; ms: number };

export interface TraceRow {
  id: string;
  /** `legit`: a ticket that must complete. `runaway`: a run that would go on as long as it is let. */
  kind: 'legit' | 'runaway';
  pattern: string;
  model: string;
  actions: TraceAction[];
}

export function traceSplit(split: Split, from = import.meta.dirname): TraceRow[] {
  return loadSplit<TraceRow>(from, 'traces', split);
}

/** How a replayed run ended, and what it spent. */
export interface TraceReplay {
  row: TraceRow;
  /** Every action taken, and no tool call cut off by its timeout. */
  completed: boolean;
  /** The limit that stopped it, if one did. */
  hit: LimitHit | undefined;
  /** Tool calls cut off by the per-tool timeout. */
  timedOut: number;
  spent: Spent;
  /** Side-effecting tool calls executed. */
  sideEffects: number;
}

/** Replay `row`, asking `check` before every action as the agent does. */
export function replayTrace(row: TraceRow, check: typeof checkLimits, limits: Limits): TraceReplay {
  const spent: Spent = {
    steps: 0,
    toolCalls: 0,
    usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
    costUsd: 0,
    elapsedMs: 0,
  };
  let timedOut = 0;
  let sideEffects = 0;
  for (const action of row.actions) {
    const next =
      'model' in action
        ? { kind: 'model' as const }
        : { kind: 'tool' as const, tool: action.tool, sideEffect: action.sideEffect };
    const hit = check(structuredClone(spent), limits, next);
    if (hit) return { row, completed: false, hit, timedOut, spent, sideEffects };
    if ('model' in action) {
      const { inputTokens, outputTokens, costUsd, ms } = action.model;
      spent.steps += 1;
      spent.usage = {
        inputTokens: spent.usage.inputTokens + inputTokens,
        outputTokens: spent.usage.outputTokens + outputTokens,
        totalTokens: spent.usage.totalTokens + inputTokens + outputTokens,
      };
      spent.costUsd += costUsd;
      spent.elapsedMs += ms;
    } else {
      spent.toolCalls += 1;
      if (action.sideEffect) sideEffects += 1;
      if (action.ms > limits.toolTimeoutMs) timedOut += 1;
      spent.elapsedMs += Math.min(action.ms, limits.toolTimeoutMs);
    }
  }
  return { row, completed: timedOut === 0, hit: undefined, timedOut, spent, sideEffects };
}

/** What a set of limits does to a split: legitimate runs completed, runaways stopped, and what the runaways burnt. */
export interface TraceFigures {
  legit: number;
  /** Share of legitimate runs completed. */
  completion: number;
  runaways: number;
  /** Share of runaways stopped by a limit before their trace ended. */
  stopped: number;
  /** Mean spent by a runaway before it was stopped (or ended). */
  runawayCostUsd: number;
  runawayToolCalls: number;
  runawaySeconds: number;
  replays: TraceReplay[];
}

const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);

export function replayTraces(rows: readonly TraceRow[], check: typeof checkLimits, limits: Limits): TraceFigures {
  const replays = rows.map((row) => replayTrace(row, check, limits));
  const legit = replays.filter((r) => r.row.kind === 'legit');
  const runaways = replays.filter((r) => r.row.kind === 'runaway');
  return {
    legit: legit.length,
    completion: legit.length === 0 ? 0 : legit.filter((r) => r.completed).length / legit.length,
    runaways: runaways.length,
    stopped: runaways.length === 0 ? 0 : runaways.filter((r) => r.hit !== undefined).length / runaways.length,
    runawayCostUsd: mean(runaways.map((r) => r.spent.costUsd)),
    runawayToolCalls: mean(runaways.map((r) => r.spent.toolCalls)),
    runawaySeconds: mean(runaways.map((r) => r.spent.elapsedMs / 1000)),
    replays,
  };
}

/** The most any legitimate run of `rows` needed, per limit (what the dev report shows). */
export function legitimateMaxima(rows: readonly TraceRow[]) {
  const max = { steps: 0, toolCalls: 0, tokens: 0, costUsd: 0, seconds: 0, slowestToolMs: 0 };
  for (const row of rows.filter((r) => r.kind === 'legit')) {
    let steps = 0,
      toolCalls = 0,
      tokens = 0,
      costUsd = 0,
      ms = 0;
    for (const action of row.actions) {
      if ('model' in action) {
        steps += 1;
        tokens += action.model.inputTokens + action.model.outputTokens;
        costUsd += action.model.costUsd;
        ms += action.model.ms;
      } else {
        toolCalls += 1;
        ms += action.ms;
        max.slowestToolMs = Math.max(max.slowestToolMs, action.ms);
      }
    }
    max.steps = Math.max(max.steps, steps);
    max.toolCalls = Math.max(max.toolCalls, toolCalls);
    max.tokens = Math.max(max.tokens, tokens);
    max.costUsd = Math.max(max.costUsd, costUsd);
    max.seconds = Math.max(max.seconds, ms / 1000);
  }
  return max;
}
