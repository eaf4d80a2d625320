import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AgentInputError } from './errors.ts';
import type { RunState } from './state.ts';

/** How paused runs are kept while a human decides. */
export interface PauseOptions {
  /** A server-side secret (from your secret store): never part of what is handed out. */
  secret: string;
  /** How long a paused run may wait for its approval, in ms; older ones are refused. */
  maxAgeMs: number;
}

const PREFIX = 'run1.';
const keyOf = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();

/**
 * What leaves the process when a run pauses: everything `openRun` needs to continue it, in a form
 * the approvals queue can store and show around, and nobody can read or change.
 */
export function sealRun(state: RunState, pausedAt: number, options: PauseOptions): string {
  // AES-256-GCM: the transcript holds customer data (confidentiality), and every field steers the
  // boundary (integrity: role, scope, budget spent, run id, the pending call). The time of the
  // pause is sealed with it, so nobody can extend the wait.
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(options.secret), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify({ pausedAt, state }), 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/**
 * The run state inside `saved`, if it is a run this agent paused, unchanged, and not older than
 * `maxAgeMs`. Anything else is refused with one line (an `AgentInputError`).
 */
export function openRun(saved: string, now: number, options: PauseOptions): unknown {
  const encoded = saved.startsWith(PREFIX) ? saved.slice(PREFIX.length) : '';
  const bytes = Buffer.from(encoded, 'base64url');
  if (bytes.length < 29) {
    throw new AgentInputError('paused run: not a sealed run of this agent');
  }
  let opened: { pausedAt: number; state: unknown };
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(options.secret), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    opened = JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8'));
  } catch {
    throw new AgentInputError('paused run: altered, or sealed with another key');
  }
  const waited = now - opened.pausedAt;
  if (!(waited <= options.maxAgeMs)) {
    throw new AgentInputError(`paused run: expired (waited ${waited} ms, at most ${options.maxAgeMs} ms)`);
  }
  return opened.state;
}
