import type { TokenUsage } from '@workshop/llm';

/** What bounds one run. Every limit is enforced by the loop, not left to the model's judgement. */
export interface Limits {
  /** Model calls per run. */
  maxSteps: number;
  /** Tool calls executed per run (one model turn may ask for many). */
  maxToolCalls: number;
  /** Tokens (input + output, all model calls) per run. */
  maxTokens: number;
  /** US dollars per run, from the price table (an unpriced model costs 0: set a token budget too). */
  maxCostUsd: number;
  /** Active time of the run, in ms. Time spent waiting for a human does not count. */
  timeoutMs: number;
  /** Timeout of one tool call, in ms, unless the tool sets its own. */
  toolTimeoutMs: number;
  /** Invalid tool calls (unknown tool, bad arguments) answered with an error; one more stops the run. */
  maxInvalidToolCalls: number;
}

/** Defaults for an interactive agent when nobody has measured anything yet. */
export const DEFAULT_LIMITS: Limits = {
  maxSteps: 10,
  maxToolCalls: 20,
  maxTokens: 50_000,
  maxCostUsd: 0.1,
  timeoutMs: 60_000,
  toolTimeoutMs: 15_000,
  maxInvalidToolCalls: 3,
};

/**
 * The limits of the shop's support agent, chosen on the dev traces (`node labs/10-agents/src/dev-report.ts`):
 * above the most any legitimate dev run needed, with room for a slightly bigger ticket, and far
 * below what a runaway burns.
 */
export const SHOP_LIMITS: Limits = {
  // The most a legitimate dev run needed: 7 model calls, 9 tool calls, 20.4k tokens, $0.058 (gpt-4o),
  // 35.5 s active, one tool call of 8.7 s. A margin over each, and nothing more.
  maxSteps: 8,
  maxToolCalls: 12,
  maxTokens: 25_000,
  maxCostUsd: 0.065,
  timeoutMs: 40_000,
  toolTimeoutMs: 10_000,
  maxInvalidToolCalls: 3,
};

/** Why a run stopped before the model finished. */
export type StopReason =
  | 'max_steps'
  | 'max_tool_calls'
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
  /** Tool calls executed (or answered from the idempotency record). */
  toolCalls: number;
  /** Tokens used by the model calls. */
  usage: TokenUsage;
  /** Their cost in USD. */
  costUsd: number;
  /** Active wall-clock time in ms. */
  elapsedMs: number;
}

/**
 * What the run is about to do. For a tool call, `sideEffect` is the reviewed classification (the one
 * `authorize` gets): a limit may treat a change differently from a read, for example stop before a
 * refund rather than right after it when no model call would be left to tell the customer.
 */
export type NextAction = { kind: 'model' } | { kind: 'tool'; tool: string; sideEffect: boolean };

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
 * Asked before every model call and before every tool call: may the run take `next`? Returns the
 * limit that forbids it, or undefined.
 */
export function checkLimits(spent: Spent, limits: Limits, next: NextAction): LimitHit | undefined {
  const hit = (reason: StopReason, limit: string | number): LimitHit => ({
    reason,
    message: `${reason} limit of ${limit} reached before the next ${next.kind} call`,
  });
  // Time runs whatever the run does next: a slow tool burns it as surely as a model call.
  if (spent.elapsedMs >= limits.timeoutMs) return hit('timeout', `${limits.timeoutMs} ms`);
  // One model turn can ask for dozens of calls: the step limit never sees them, this one does.
  if (next.kind === 'tool' && spent.toolCalls >= limits.maxToolCalls) return hit('max_tool_calls', limits.maxToolCalls);
  // A side effect needs the model call that reports it: stop before the refund, not right after it.
  if (next.kind === 'tool' && !next.sideEffect) return undefined;
  // Only a model call spends steps, tokens and money: check them where they are about to be spent.
  if (spent.steps >= limits.maxSteps) return hit('max_steps', limits.maxSteps);
  if (spent.usage.totalTokens >= limits.maxTokens) return hit('token_budget', limits.maxTokens);
  if (spent.costUsd >= limits.maxCostUsd) return hit('cost_budget', `$${limits.maxCostUsd}`);
  return undefined;
}
