import { canonicalJson, sha256Hex } from '@workshop/kit';

/** What `once` hands back: the effect's tool message, and whether it came from the record. */
export interface OnceResult {
  /** The tool message content of the one time the effect ran. */
  content: string;
  /** True when this caller did not run the effect (another caller did, before or at the same time). */
  replayed: boolean;
}

/**
 * Where side effects are run at most once per idempotency key. In production: a table with a
 * unique key (insert the claim, then apply, then record), shared by every worker that may
 * resume a run, or the downstream API's own idempotency support.
 */
export interface IdempotencyStore {
  /**
   * Run `effect` for `key` unless it already ran or is running. Callers that arrive while it runs
   * wait for it and get its result; callers after it succeeded get the recorded result.
   */
  once(key: string, effect: () => Promise<string>): Promise<OnceResult>;
}

/** An in-process store: enough for tests and a single worker. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  async once(key: string, effect: () => Promise<string>): Promise<OnceResult> {
    // TODO (DoD-2): run the effect at most once per key, also when retries of the same call arrive
    //   while it is still running (two workers resuming one approved refund). Decide what a failed
    //   effect leaves behind: the tool reported an error, so nothing happened. Judged by properties
    //   with concurrent callers in test/dod-2-once.test.ts, and end to end in DoD-5.
    throw new Error(`TODO: MemoryIdempotencyStore.once (src/idempotency.ts) for ${key} (${typeof effect})`);
  }
}

/**
 * The idempotency key of a side-effecting call: the same run asking the same tool for the same
 * arguments gets the same key, however the model ordered the JSON fields and whatever call id
 * it used. A new run gets new keys (it may legitimately want the effect again).
 */
export function idempotencyKey(runId: string, toolName: string, args: unknown): string {
  return `${toolName}:${sha256Hex(canonicalJson({ runId, tool: toolName, args }))}`;
}
