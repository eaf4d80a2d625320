import type { TokenUsage } from '@workshop/llm';

/**
 * What the audit log records. Each event says who/what/why for one decision point of a run,
 * so an incident review can replay the run without the model's transcript.
 */
export type AuditEvent =
  /** A run began: who asked, with which role. */
  | { type: 'run_started'; runId: string; role: string; task: string }
  /** One model call: tokens and cost, and which tools it asked for. */
  | {
      type: 'model_call';
      runId: string;
      step: number;
      provider: string;
      model: string;
      usage: TokenUsage;
      costUsd: number;
      priced: boolean;
      toolCalls: string[];
    }
  /** The boundary's verdict on one tool call. */
  | {
      type: 'decision';
      runId: string;
      toolCallId: string;
      tool: string;
      decision: 'allow' | 'deny' | 'needs_approval' | 'invalid' | 'replay';
      reason?: string;
    }
  /** A human approved or rejected a paused call. */
  | {
      type: 'approval';
      runId: string;
      toolCallId: string;
      tool: string;
      approved: boolean;
      by: string;
      reason?: string;
    }
  /** A tool is about to run, with its validated arguments (redacted in the log). */
  | { type: 'tool_call'; runId: string; toolCallId: string; tool: string; args: unknown; idempotencyKey?: string }
  /** How the tool call ended. */
  | { type: 'tool_result'; runId: string; toolCallId: string; tool: string; status: string; durationMs: number }
  /** The run paused for a human, or ended (done or stopped by a limit). */
  | {
      type: 'run_paused' | 'run_finished';
      runId: string;
      status: string;
      reason?: string;
      steps: number;
      usage: TokenUsage;
      costUsd: number;
    };

/** One line of the audit log. */
export interface AuditEntry {
  /** 1-based position in the log; equals the line number. */
  seq: number;
  /** ISO timestamp from the injected clock. */
  at: string;
  /** What happened (PII already redacted). */
  event: AuditEvent;
  /** `hash` of the previous entry; 64 zeros for the first. */
  prevHash: string;
  /** SHA-256 (hex) over `prevHash` + the canonical JSON of `{ seq, at, event }`. */
  hash: string;
}

/** The `prevHash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);
