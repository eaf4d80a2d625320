import { canonicalJson, sha256Hex } from './canonical.ts';

/** What was recorded when a side effect was applied: enough to answer a retry without repeating it. */
export interface RecordedEffect {
  /** The tool message content the model received the first time. */
  content: string;
}

/**
 * Where applied effects are remembered, by idempotency key. In production: a table with a
 * unique key (or the downstream API's own idempotency support), shared by every worker.
 */
export interface IdempotencyStore {
  /** The effect recorded under `key`, if any. */
  get(key: string): Promise<RecordedEffect | undefined>;
  /** Record an applied effect. */
  put(key: string, effect: RecordedEffect): Promise<void>;
}

/** An in-process store: enough for tests and a single worker. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly #effects = new Map<string, RecordedEffect>();

  /** How many effects are recorded. */
  get size(): number {
    return this.#effects.size;
  }

  async get(key: string): Promise<RecordedEffect | undefined> {
    return this.#effects.get(key);
  }

  async put(key: string, effect: RecordedEffect): Promise<void> {
    this.#effects.set(key, { ...effect });
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
