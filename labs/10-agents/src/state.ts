import type { ChatMessage, TokenUsage, ToolCall } from '@workshop/llm';
import { z } from 'zod';
import { AgentInputError } from './errors.ts';
import type { StopReason } from './limits.ts';
import type { RunScope } from './policy.ts';

/** How one tool call ended, as the model was told. */
export type ToolOutcomeStatus =
  /** Ran and returned. */
  | 'ok'
  /** Ran and threw. */
  | 'error'
  /** Did not finish within its timeout. */
  | 'timeout'
  /** Unknown tool or arguments that failed the schema. */
  | 'invalid'
  /** Not on the role's allowlist. */
  | 'denied'
  /** A human said no. */
  | 'rejected'
  /** Already applied under the same idempotency key: the recorded result was returned instead. */
  | 'replayed'
  /** Never ran because the run stopped first. */
  | 'skipped';

/** One tool call's outcome: the partial result of a run is the list of these. */
export interface ToolOutcome {
  /** The model's id for the call. */
  toolCallId: string;
  /** Tool name as the model sent it. */
  tool: string;
  /** How it ended. */
  status: ToolOutcomeStatus;
  /** The tool message content sent back to the model (JSON). */
  content: string;
}

/** A human's answer to a paused call. */
export interface ApprovalDecision {
  /** The call being answered: must be the one the run waits for. */
  toolCallId: string;
  /** Run it (true) or not (false). */
  approved: boolean;
  /** Who decided, for the audit log. */
  by: string;
  /** Why; sent to the model on a rejection. */
  reason?: string;
}

/** The call a paused run is waiting on. */
export interface PendingApproval {
  /** The model's id for the call. */
  toolCallId: string;
  /** Tool to run. */
  tool: string;
  /** Validated arguments (what the human approves). */
  args: unknown;
  /** Why approval is needed. */
  reason: string;
  /** Set by `resume` once a human has answered. */
  decision?: ApprovalDecision;
}

/** Where a run is. */
export type RunStatus = 'running' | 'awaiting_approval' | 'done' | 'stopped';

/** Everything needed to continue a run in another process: plain JSON, no functions, no class instances. */
export interface RunState {
  /** Format version, so an old saved run is refused with a clear message after a format change. */
  version: 2;
  /** Stable id; part of every idempotency key. */
  runId: string;
  /** The role whose permissions apply. Fixed at start: nothing in the run can change it. */
  role: string;
  /** Whom the run acts for. Fixed at start, like the role. */
  scope: RunScope;
  /** The task as given. */
  task: string;
  /** Where the run is. */
  status: RunStatus;
  /** The conversation with the model so far. */
  messages: ChatMessage[];
  /** Tool calls of the last model turn not answered yet (the first one is the paused call). */
  queue: ToolCall[];
  /** Model calls made. */
  steps: number;
  /** Tool calls executed (or answered from the idempotency record). */
  toolCalls: number;
  /** Tokens used by all model calls. */
  usage: TokenUsage;
  /** Their cost in USD. */
  costUsd: number;
  /** Invalid tool calls so far. */
  invalidToolCalls: number;
  /** Active time in ms (pauses excluded). */
  elapsedMs: number;
  /** Every tool call's outcome, in order. */
  outcomes: ToolOutcome[];
  /** The call waiting for a human, while paused. */
  pending?: PendingApproval;
  /** The model's last text: the answer when done, partial otherwise. */
  output: string;
  /** Why it stopped, when stopped. */
  stopReason?: StopReason;
  /** One line explaining the end (or pause). */
  message?: string;
}

const toolCallSchema = z.strictObject({ id: z.string(), name: z.string(), arguments: z.string() });

const messageSchema = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('system'), content: z.string() }),
  z.strictObject({ role: z.literal('user'), content: z.string(), images: z.array(z.string()).optional() }),
  z.strictObject({ role: z.literal('assistant'), content: z.string(), toolCalls: z.array(toolCallSchema).optional() }),
  z.strictObject({ role: z.literal('tool'), toolCallId: z.string(), content: z.string() }),
]);

const count = z.number().int().nonnegative();
const decisionSchema = z.strictObject({
  toolCallId: z.string().min(1),
  approved: z.boolean(),
  by: z.string().min(1),
  reason: z.string().optional(),
});

/** The schema of a saved run: `parseRunState` checks every field before anything runs. */
export const runStateSchema = z.strictObject({
  version: z.literal(2),
  runId: z.string().min(1),
  role: z.string().min(1),
  scope: z.strictObject({
    customerId: z.string().min(1),
    email: z.string().min(1),
    orders: z.record(z.string(), z.strictObject({ totalEur: z.number().nonnegative() })),
  }),
  task: z.string(),
  status: z.enum(['running', 'awaiting_approval', 'done', 'stopped']),
  messages: z.array(messageSchema),
  queue: z.array(toolCallSchema),
  steps: count,
  toolCalls: count,
  usage: z.strictObject({ inputTokens: count, outputTokens: count, totalTokens: count }),
  costUsd: z.number().nonnegative(),
  invalidToolCalls: count,
  elapsedMs: z.number().nonnegative(),
  outcomes: z.array(
    z.strictObject({
      toolCallId: z.string(),
      tool: z.string(),
      status: z.enum(['ok', 'error', 'timeout', 'invalid', 'denied', 'rejected', 'replayed', 'skipped']),
      content: z.string(),
    }),
  ),
  pending: z
    .strictObject({
      toolCallId: z.string().min(1),
      tool: z.string().min(1),
      args: z.unknown(),
      reason: z.string(),
      decision: decisionSchema.optional(),
    })
    .optional(),
  output: z.string(),
  stopReason: z
    .enum([
      'max_steps',
      'max_tool_calls',
      'token_budget',
      'cost_budget',
      'timeout',
      'invalid_tool_calls',
      'model_error',
    ])
    .optional(),
  message: z.string().optional(),
});

/** Check an approval decision from outside (a web form, a chat button). */
export const approvalDecisionSchema = decisionSchema;

/** One line for the first zod issue: `messages.2.role: Invalid input`. */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.length ? issue.path.join('.') : '(root)'}: ${issue?.message ?? 'invalid'}`;
}

/**
 * Check a run state (what `openRun` gave back). Anything malformed is refused with one line naming
 * the problem, before any of it is used. Returns a fresh copy.
 */
export function parseRunState(data: unknown): RunState {
  const result = runStateSchema.safeParse(data);
  if (!result.success) throw new AgentInputError(`run state: ${firstIssue(result.error)}`);
  if (result.data.status === 'awaiting_approval' && !result.data.pending) {
    throw new AgentInputError('run state: pending: required while status is "awaiting_approval"');
  }
  // zod returns new objects, but `args` (z.unknown) is passed through by reference: copy it all.
  return structuredClone(result.data) as RunState;
}

/** Check an approval decision; one line naming the field when it is wrong. */
export function parseApprovalDecision(data: unknown): ApprovalDecision {
  const result = approvalDecisionSchema.safeParse(data);
  if (!result.success) throw new AgentInputError(`approval decision: ${firstIssue(result.error)}`);
  return result.data;
}
