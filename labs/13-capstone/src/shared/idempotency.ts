/**
 * Idempotent asks: a client that retries `POST /v1/ask` with the same `Idempotency-Key` gets the
 * first answer again instead of a second model call (and a second charge). Records live in the
 * shared `StateStore`, scoped to the user (another user's key never collides with yours), and
 * remember a fingerprint of the question: the same key with a different question is a client bug
 * (422), not a replay. A retry while the first request still runs is told so (409).
 */
import { createHash } from 'node:crypto';
import { HttpError } from '../errors.ts';
import type { StateStore } from '../state/store.ts';

/** The `Idempotency-Key` header: letters, digits, `_`, `-`, `.`, `:`; 1–128 characters. */
export const IDEMPOTENCY_KEY = /^[\w.:-]{1,128}$/;

/** What `begin` found. */
export type IdempotencyState =
  /** First use of the key: run the request, then `finish` (or `abandon` on failure). */
  | { state: 'new' }
  /** The key was used before and its answer is stored: replay it. */
  | { state: 'done'; body: string };

/** Options of `IdempotencyRecords`. */
export interface IdempotencyOptions {
  store: StateStore;
  /** How long a finished answer is replayed, in ms. */
  ttlMs: number;
  /** How long a started request may run before its key can be used again, in ms. */
  pendingTtlMs: number;
}

interface StoredRecord {
  fingerprint: string;
  /** The JSON answer; absent while the first request runs. */
  body?: string;
}

export class IdempotencyRecords {
  readonly #options: IdempotencyOptions;

  constructor(options: IdempotencyOptions) {
    this.#options = options;
  }

  /** Claim `key` for `userId`'s `question`, or find its earlier answer. Throws 409 / 422 as above. */
  async begin(userId: string, key: string, question: string): Promise<IdempotencyState> {
    if (!IDEMPOTENCY_KEY.test(key)) {
      throw new HttpError(400, 'invalid_request', 'Idempotency-Key: use 1–128 letters, digits, "_", "-", "." or ":"');
    }
    const fingerprint = createHash('sha256').update(question).digest('hex');
    const recordKey = this.#key(userId, key);
    const claimed = await this.#options.store.set(
      recordKey,
      JSON.stringify({ fingerprint } satisfies StoredRecord),
      this.#options.pendingTtlMs,
      true,
    );
    if (claimed) return { state: 'new' };
    const stored = await this.#options.store.get(recordKey);
    if (stored === undefined) return this.begin(userId, key, question); // expired in between
    const record = JSON.parse(stored) as StoredRecord;
    if (record.fingerprint !== fingerprint) {
      throw new HttpError(422, 'idempotency_key_reused', 'this Idempotency-Key was used for a different question');
    }
    if (record.body === undefined) {
      throw new HttpError(409, 'request_in_progress', 'a request with this Idempotency-Key is still running', {
        'retry-after': '1',
      });
    }
    return { state: 'done', body: record.body };
  }

  /** Store the answer to replay. */
  async finish(userId: string, key: string, question: string, body: string): Promise<void> {
    const fingerprint = createHash('sha256').update(question).digest('hex');
    await this.#options.store.set(
      this.#key(userId, key),
      JSON.stringify({ fingerprint, body } satisfies StoredRecord),
      this.#options.ttlMs,
    );
  }

  /** The request failed before it had an answer: free the key so the client may retry. */
  async abandon(userId: string, key: string): Promise<void> {
    await this.#options.store.delete(this.#key(userId, key));
  }

  #key(userId: string, key: string): string {
    return `idempotency:${userId}:${key}`;
  }
}
