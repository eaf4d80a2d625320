import type { TokenUsage } from '@workshop/llm';

/** What bounds one run. Every limit is checked by the loop, not left to the model's judgement. */
export interface Limits {
  /** Model calls per run. */
  maxSteps: number;
  /** Tokens (input + output, all model calls) per run. */
  maxTokens: number;
  /** US dollars per run, from the price table (an unpriced model costs 0: see the README). */
  maxCostUsd: number;
  /** Wall-clock time the run may be active, in ms. Time spent waiting for a human does not count. */
  timeoutMs: number;
  /** Timeout of one tool call, in ms, unless the tool sets its own. */
  toolTimeoutMs: number;
  /** Invalid tool calls (unknown tool, bad arguments) answered with an error; one more stops the run. */
  maxInvalidToolCalls: number;
}

/** Defaults for an interactive agent: a handful of steps, cents not dollars, a minute of work. */
export const DEFAULT_LIMITS: Limits = {
  maxSteps: 10,
  maxTokens: 50_000,
  maxCostUsd: 0.1,
  timeoutMs: 60_000,
  toolTimeoutMs: 15_000,
  maxInvalidToolCalls: 3,
};

/** Why a run stopped before the model finished. */
export type StopReason =
  | 'max_steps'
  | 'token_budget'
  | 'cost_budget'
  | 'timeout'
  | 'invalid_tool_calls'
  | 'model_error';

/** A limit that was hit: the reason (for code) and a one-line message (for people). */
export interface LimitHit {
  reason: StopReason;
  message: string;
}

/** What a run has spent so far. */
export interface Spent {
  /** Model calls made. */
  steps: number;
  /** Tokens used by those calls. */
  usage: TokenUsage;
  /** Their cost in USD. */
  costUsd: number;
  /** Active wall-clock time in ms. */
  elapsedMs: number;
}

/** Fill in defaults and refuse nonsense (a negative budget, a zero step limit). */
export function resolveLimits(limits: Partial<Limits> = {}): Limits {
  const resolved = { ...DEFAULT_LIMITS, ...limits };
  for (const [name, value] of Object.entries(resolved)) {
    if (!(typeof value === 'number' && value >= 0 && !Number.isNaN(value))) {
      throw new RangeError(`limits.${name} must be a number >= 0, got ${String(value)}`);
    }
  }
  if (resolved.maxSteps < 1) throw new RangeError(`limits.maxSteps must be >= 1, got ${resolved.maxSteps}`);
  return resolved;
}

/**
 * Checked before every model call: may the run make another one? Returns the first limit that
 * is reached, or undefined. A budget is reached when what was spent is >= the budget, so the
 * run can overshoot by at most one model call (bound that with `maxOutputTokens`).
 */
export function checkLimits(spent: Spent, limits: Limits): LimitHit | undefined {
  // TODO: return the first limit reached, as { reason, message }, or undefined when the run may go on.
  // Check in this order (each one "reached" when spent >= limit):
  //   spent.elapsedMs        vs limits.timeoutMs   → 'timeout',      message naming the limit in ms (e.g. "… 7000 ms …")
  //   spent.steps            vs limits.maxSteps    → 'max_steps',    e.g. `step limit of ${limits.maxSteps} model calls reached`
  //   spent.usage.totalTokens vs limits.maxTokens  → 'token_budget', e.g. `token budget of 2000 exhausted (2100 used)`
  //   spent.costUsd          vs limits.maxCostUsd  → 'cost_budget',  e.g. `cost budget of $0.0500 exhausted ($0.0630 spent)`
  throw new Error(`TODO: checkLimits in src/limits.ts (step ${spent.steps} of ${limits.maxSteps})`);
}
