import type { RunState } from './state.ts';

/** How paused runs are kept while a human decides. */
export interface PauseOptions {
  /** A server-side secret (from your secret store): never part of what is handed out. */
  secret: string;
  /** How long a paused run may wait for its approval, in ms; older ones are refused. */
  maxAgeMs: number;
}

/**
 * What leaves the process when a run pauses: everything `openRun` needs to continue it, in a form
 * the approvals queue can store and show around, and nobody can read or change.
 */
export function sealRun(state: RunState, pausedAt: number, options: PauseOptions): string {
  // TODO (DoD-5): decide what a paused run stores and how. It waits hours in a queue the whole
  //   support floor can read, then comes back to resume as untrusted input: everything in it steers
  //   the boundary (role, scope, budget spent, run id, the approved call). node:crypto has what you need.
  throw new Error(`TODO: sealRun (src/paused.ts) for ${state.runId} at ${pausedAt} (${options.maxAgeMs} ms)`);
}

/**
 * The run state inside `saved`, if it is a run this agent paused, unchanged, and not older than
 * `maxAgeMs`. Anything else is refused with one line (an `AgentInputError`).
 */
export function openRun(saved: string, now: number, options: PauseOptions): unknown {
  // TODO (DoD-5): give the run back only if this agent sealed it, nobody changed it, and it waited at
  //   most maxAgeMs; otherwise one line. Judged end to end in test/dod-5-paused.test.ts.
  throw new Error(`TODO: openRun (src/paused.ts), ${saved.length} characters at ${now} (${options.maxAgeMs} ms)`);
}
