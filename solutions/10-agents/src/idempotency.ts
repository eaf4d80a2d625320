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
  readonly #done = new Map<string, string>();
  readonly #running = new Map<string, Promise<string>>();

  async once(key: string, effect: () => Promise<string>): Promise<OnceResult> {
    const done = this.#done.get(key);
    if (done !== undefined) return { content: done, replayed: true };
    const running = this.#running.get(key);
    if (running) return { content: await running, replayed: true };
    // Claimed in the same tick as the check: no await between them, so no second caller slips in.
    const attempt = Promise.resolve().then(effect);
    this.#running.set(key, attempt);
    try {
      const content = await attempt;
      this.#done.set(key, content);
      return { content, replayed: false };
    } finally {
      // A failed effect left nothing behind (the tool reported an error): a later retry may run it.
      this.#running.delete(key);
    }
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
